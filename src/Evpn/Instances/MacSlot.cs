namespace Evpnd.Evpn.Instances;

/// <summary>
/// A MAC's value in a <see cref="MacTable"/>: 12 bytes. While <see cref="Entry"/> is 0 the MAC has
/// exactly one remote route, MAC-only, installed where it points, and nothing else (no local
/// learning, no advertisement, no move history): <see cref="Path"/> is that route. Anything more
/// lives in a <see cref="MacEntry"/>, and <see cref="Entry"/> is 1 + its index.
/// </summary>
/// <remarks>
/// The two forms share the template's field, a detailed entry being stored as the negative of
/// <see cref="Entry"/> (template indices are never negative): one field less than a path and an
/// entry side by side, 5.6 MB of a table of a million MACs.
/// </remarks>
internal struct MacSlot
{
    private int _template;
    private int _attributes;
    private int _source;

    /// <summary>The one route of a compact slot; meaningless once <see cref="Entry"/> is set.</summary>
    public RemotePath Path
    {
        readonly get => new(_template, _attributes, _source);
        set
        {
            _template = value.Template;
            _attributes = value.Attributes;
            _source = value.Source;
        }
    }

    /// <summary>0 for a compact slot (then set <see cref="Path"/>), else 1 + the detailed entry's index.</summary>
    public int Entry
    {
        readonly get => _template < 0 ? -_template : 0;
        set => _template = -value;
    }

    public readonly bool IsCompact => _template >= 0;
}
