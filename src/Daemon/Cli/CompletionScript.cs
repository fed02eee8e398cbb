namespace Evpnd.Daemon.Cli;

/// <summary>
/// Shell completion for evpnd. The scripts hold no command names: at each Tab they ask evpnd
/// itself through System.CommandLine's `[suggest:POSITION]` directive, so that completion never
/// falls behind the command tree. The line handed over starts with `evpnd` whatever the user
/// typed (`./evpnd`, `/usr/sbin/evpnd`), since the directive matches the root command by name.
/// </summary>
internal static class CompletionScript
{
    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash or zsh"),
    };

    // COMP_LINE, not COMP_WORDS, is what goes to evpnd: bash splits words at ':' (COMP_WORDBREAKS),
    // which would cut a MAC address in three.
    private const string Bash = """
        # bash completion for evpnd: source <(evpnd completion bash)
        _evpnd()
        {
            local IFS=$'\n'
            local line="${COMP_LINE:0:COMP_POINT}"
            line="${line#"${line%%[![:space:]]*}"}"
            line="evpnd${line#"${COMP_WORDS[0]}"}"
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _evpnd evpnd

        """;

    private const string Zsh = """
        #compdef evpnd
        # zsh completion for evpnd: source <(evpnd completion zsh), or save it as _evpnd in $fpath
        _evpnd()
        {
            local line="evpnd ${(j: :)${(@)words[2,CURRENT]}}"
            local -a completions
            completions=(${(f)"$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)"})
            compadd -a completions
        }
        if (( $+functions[compdef] )); then
            compdef _evpnd evpnd
        fi

        """;
}
