using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Evpnd.Daemon.Config.Yaml;

/// <summary>
/// Turns YamlDotNet parser events into a <see cref="ConfigNode"/> tree that remembers where each
/// node starts. YAML syntax errors are reported with their position instead of thrown.
/// </summary>
internal sealed class YamlTreeBuilder
{
    // A configuration is a handful of levels deep; anything deeper is a mistake (or an attempt to
    // exhaust the stack), not a configuration.
    private const int MaxDepth = 64;

    private readonly Parser _parser;
    private readonly ConfigErrors _errors;
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);

    // Flow collections ('[' and '{') not yet closed: YamlDotNet 16.3 fails on an unterminated one
    // with an InvalidOperationException that carries no position, so we point at the opener.
    private readonly Stack<ParsingEvent> _openFlow = new();
    private SourcePosition _lastPosition = new(1, 1);

    private YamlTreeBuilder(TextReader text, ConfigErrors errors)
    {
        _parser = new Parser(text);
        _errors = errors;
    }

    /// <summary>
    /// Reads the single document of <paramref name="text"/>. Returns null for a file without a
    /// document (empty, or only comments) and when a syntax error was reported to <paramref name="errors"/>.
    /// </summary>
    public static ConfigNode? Build(string text, ConfigErrors errors, out bool syntaxError)
    {
        var builder = new YamlTreeBuilder(new StringReader(text), errors);
        return builder.BuildDocument(out syntaxError);
    }

    private ConfigNode? BuildDocument(out bool syntaxError)
    {
        syntaxError = true;
        try
        {
            Next();
            Expect<StreamStart>();
            Next();
            if (_parser.Current is StreamEnd)
            {
                syntaxError = false;
                return null;
            }

            Expect<DocumentStart>();
            Next();
            ConfigNode root = ReadNode(0);
            Expect<DocumentEnd>();
            Next();
            if (_parser.Current is DocumentStart second)
            {
                _errors.Add(PositionOf(second), "only one YAML document is allowed in the configuration file");
                return null;
            }

            syntaxError = false;
            return root;
        }
        catch (YamlException ex)
        {
            // An unclosed bracket is only noticed where the parser gives up, often lines later.
            string hint = _openFlow.TryPeek(out ParsingEvent? opener) && opener.Start.Line < ex.Start.Line
                ? $" (is the '{Bracket(opener)}' at line {opener.Start.Line} column {opener.Start.Column} closed?)"
                : string.Empty;
            _errors.Add(new SourcePosition((int)ex.Start.Line, (int)ex.Start.Column), $"YAML syntax error: {ex.Message.TrimEnd('.')}{hint}");
            return null;
        }
        catch (InvalidOperationException)
        {
            if (_openFlow.TryPeek(out ParsingEvent? opener))
            {
                _errors.Add(PositionOf(opener), $"YAML syntax error: this '{Bracket(opener)}' is never closed");
            }
            else
            {
                _errors.Add(_lastPosition, "YAML syntax error");
            }

            return null;
        }
        catch (NestingTooDeepException ex)
        {
            _errors.Add(ex.Position, $"nesting deeper than {MaxDepth} levels");
            return null;
        }
    }

    private ConfigNode ReadNode(int depth)
    {
        ParsingEvent current = _parser.Current!;
        SourcePosition position = PositionOf(current);
        if (depth > MaxDepth)
        {
            throw new NestingTooDeepException(position);
        }

        switch (current)
        {
            case Scalar scalar:
            {
                Next();
                var node = new ScalarNode(position, scalar.Value, IsNull(scalar));
                Remember(scalar, node);
                return node;
            }

            case SequenceStart start:
            {
                if (start.Style == SequenceStyle.Flow)
                {
                    _openFlow.Push(start);
                }

                Next();
                var items = new List<ConfigNode>();
                while (_parser.Current is not SequenceEnd)
                {
                    items.Add(ReadNode(depth + 1));
                }

                Next();
                if (start.Style == SequenceStyle.Flow)
                {
                    _openFlow.Pop();
                }

                var node = new SequenceNode(position, items);
                Remember(start, node);
                return node;
            }

            case MappingStart start:
            {
                if (start.Style == MappingStyle.Flow)
                {
                    _openFlow.Push(start);
                }

                Next();
                var entries = new List<KeyValuePair<ConfigNode, ConfigNode>>();
                while (_parser.Current is not MappingEnd)
                {
                    ConfigNode key = ReadNode(depth + 1);
                    ConfigNode value = ReadNode(depth + 1);
                    entries.Add(new KeyValuePair<ConfigNode, ConfigNode>(key, value));
                }

                Next();
                if (start.Style == MappingStyle.Flow)
                {
                    _openFlow.Pop();
                }

                var node = new MappingNode(position, entries);
                Remember(start, node);
                return node;
            }

            case AnchorAlias alias:
            {
                Next();
                if (_anchors.TryGetValue(alias.Value.Value, out ConfigNode? target))
                {
                    return target;
                }

                _errors.Add(position, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                return new ScalarNode(position, string.Empty, isNull: true);
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private void Remember(NodeEvent nodeEvent, ConfigNode node)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            _anchors[nodeEvent.Anchor.Value] = node;
        }
    }

    private void Next()
    {
        if (_parser.Current is { } current)
        {
            _lastPosition = PositionOf(current);
        }

        if (!_parser.MoveNext())
        {
            throw new YamlException(_parser.Current?.End ?? Mark.Empty, _parser.Current?.End ?? Mark.Empty, "unexpected end of file");
        }
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        if (_parser.Current is not T)
        {
            ParsingEvent? current = _parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"expected {typeof(T).Name}");
        }
    }

    // YAML 1.2 core schema nulls; only untagged plain scalars, so that "~" in quotes stays text.
    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain
        && scalar.Tag.IsEmpty
        && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    private static char Bracket(ParsingEvent opener) => opener is SequenceStart ? '[' : '{';

    private static SourcePosition PositionOf(ParsingEvent parsingEvent) =>
        new((int)parsingEvent.Start.Line, (int)parsingEvent.Start.Column);

    private sealed class NestingTooDeepException(SourcePosition position) : Exception
    {
        public SourcePosition Position { get; } = position;
    }
}
