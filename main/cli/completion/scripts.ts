// The completion scripts, written from the spec. bash is the reference; zsh runs the same function
// through bashcompinit (as terraform and az do), so the two never disagree; fish gets its own
// `complete` lines with a summary per command.
import type { CompletionSpec, Shell } from './spec.ts';

const quote = (words: readonly string[]) => words.join(' ');

export function bashScript(spec: CompletionSpec): string {
  const valueCases = Object.entries(spec.values)
    .map(([option, words]) => `    ${option}) COMPREPLY=($(compgen -W "${quote(words)}" -- "$cur")); return ;;`)
    .join('\n');
  const optionCases = spec.commands
    .map((command) => `    ${command.name}) opts="${quote(command.options)}" ;;`)
    .join('\n');
  const wordCases = spec.commands
    .filter((command) => command.words !== 'none')
    .map((command) =>
      command.words === 'files'
        ? `    ${command.name}) COMPREPLY=($(compgen -f -- "$cur")) ;;`
        : `    ${command.name}) COMPREPLY=($(compgen -W "${quote(command.words as readonly string[])}" -- "$cur")) ;;`,
    )
    .join('\n');
  return `# xfer completion for bash. Install: xfer completion bash > ~/.local/share/bash-completion/completions/xfer
_xfer() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local globals="${quote(spec.globals)}" cmd="" opts="" i
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${spec.folders.join('|')}) ((i++)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$prev" in
    ${spec.folders.join('|')}) COMPREPLY=($(compgen -d -- "$cur")); return ;;
${valueCases}
  esac
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "${quote(spec.commands.map((command) => command.name))} $globals" -- "$cur"))
    return
  fi
  case "$cmd" in
${optionCases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts $globals" -- "$cur"))
    return
  fi
  case "$cmd" in
${wordCases}
  esac
}
complete -o bashdefault -o default -F _xfer xfer
`;
}

export function zshScript(spec: CompletionSpec): string {
  return `#compdef xfer
# xfer completion for zsh. Install: xfer completion zsh > "\${fpath[1]}/_xfer" (or eval "$(xfer completion zsh)")
autoload -U +X bashcompinit && bashcompinit
${bashScript(spec).split('\n').slice(1).join('\n')}`;
}

export function fishScript(spec: CompletionSpec): string {
  const all = spec.commands.map((command) => command.name).join(' ');
  const lines = [
    '# xfer completion for fish. Install: xfer completion fish > ~/.config/fish/completions/xfer.fish',
    'complete -c xfer -f',
    ...spec.globals.map(
      (option) =>
        `complete -c xfer -l ${option.slice(2)}${spec.folders.includes(option) ? ' -r -a "(__fish_complete_directories)"' : ''}`,
    ),
  ];
  for (const command of spec.commands) {
    lines.push(
      `complete -c xfer -n "not __fish_seen_subcommand_from ${all}" -a ${command.name} -d "${command.summary.replaceAll('"', '\\"')}"`,
    );
    const when = `-n "__fish_seen_subcommand_from ${command.name}"`;
    for (const option of command.options) {
      const values = spec.values[option];
      lines.push(`complete -c xfer ${when} -l ${option.slice(2)}${values ? ` -r -a "${quote(values)}"` : ''}`);
    }
    if (command.words === 'files') lines.push(`complete -c xfer ${when} -F`);
    else if (command.words !== 'none') lines.push(`complete -c xfer ${when} -a "${quote(command.words)}"`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  if (shell === 'bash') return bashScript(spec);
  if (shell === 'zsh') return zshScript(spec);
  return fishScript(spec);
}
