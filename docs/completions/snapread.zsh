#compdef snapread

__snapread_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__snapread_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __snapread_complete "${completions[@]:0:-1}"
    fi
}

__snapread_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_snapread() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'read:Open the reader on DIR (the default command).'
            'show:Parse one snapshot file and print it.'
            'index:Build or bring up to date DIR'\''s index.'
            'list:List DIR'\''s articles, newest first.'
            'search:Search the title, editor'\''s note and body of DIR'\''s articles.'
            'related:The related items of one article, each resolved to the file in DIR it was cut from, or to nothing.'
            'backlinks:The articles in DIR whose related items point at FILE.'
            'categories:Every category in DIR with its article count, largest first.'
            'bookmark:Add or remove a bookmark. Bookmarks follow the article, not the file: they survive moves, renames and re-crawls.'
            'bookmarks:List bookmarks: all of them, or those whose article is in DIR (at its current path).'
            'config:Print the effective configuration (config.toml merged over the defaults).'
            'timeline:How many of DIR'\''s articles were published in each day, week, month or year (of a search when QUERY is given).'
            'thread:The stories linked to FILE through related items and backlinks, up to N links away, oldest first.'
            'copies:The other snapshots of FILE'\''s story in DIR: re-crawls, reposts, edited versions, the story in the other script.'
            'diff:What changed from FILE to OTHER: the title, and paragraphs added, removed and changed.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        read|show|index|list|search|related|backlinks|categories|bookmark|bookmarks|config|timeline|thread|copies|diff|help)
            "_snapread_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_snapread_read() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_show() {
    local -i ret=1
    local -ar ___script=('simplified' 'traditional')
    local -ar arg_specs=(
        ':file:'
        '--json[Print the article as JSON (the shape of CONTRACT.md).]'
        '--width[Wrap the text rendering at this many columns (default\: the terminal'\''s width).]:width:'
        '--script[Show title, editor'\''s note and body in this script (simplified or traditional), converted by OpenCC.]:script:{__snapread_complete "${___script[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_index() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_list() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        '*--category[Only this category (repeatable).]:category:'
        '--source[Only this source.]:source:'
        '--since[Only articles published on or after this date (YYYY-MM-DD, Beijing time).]:since:'
        '--until[Only articles published on or before this date (YYYY-MM-DD).]:until:'
        '--bookmarked[Only bookmarked articles.]'
        '--unread[Only unread articles.]'
        '--distinct[One article a story\: of its copies, the one first published.]'
        '--limit[At most this many results.]:limit:'
        '--json[Print JSON (the shapes of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_search() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':query:'
        '*--category[Only this category (repeatable).]:category:'
        '--source[Only this source.]:source:'
        '--since[Only articles published on or after this date (YYYY-MM-DD, Beijing time).]:since:'
        '--until[Only articles published on or before this date (YYYY-MM-DD).]:until:'
        '--bookmarked[Only bookmarked articles.]'
        '--unread[Only unread articles.]'
        '--distinct[One article a story\: of its copies, the one first published.]'
        '--limit[At most this many results.]:limit:'
        '--json[Print JSON (the shapes of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_related() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        '--json[Print JSON (the shape of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_backlinks() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        '--json[Print JSON (the shape of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_categories() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        '--json[Print JSON (the shape of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_bookmark() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'add:Bookmark FILE.'
            'remove:Remove FILE'\''s bookmark.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        add|remove)
            "_snapread_bookmark_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_snapread_bookmark_add() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_bookmark_remove() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_bookmarks() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use with DIR.]:db:'
        '--json[Print JSON.]'
        '--markdown[Print a Markdown list.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_config() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_timeline() {
    local -i ret=1
    local -ar ___by=('day' 'week' 'month' 'year')
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':query:'
        '*--category[Only this category (repeatable).]:category:'
        '--source[Only this source.]:source:'
        '--since[Only articles published on or after this date (YYYY-MM-DD, Beijing time).]:since:'
        '--until[Only articles published on or before this date (YYYY-MM-DD).]:until:'
        '--bookmarked[Only bookmarked articles.]'
        '--unread[Only unread articles.]'
        '--distinct[One article a story\: of its copies, the one first published.]'
        '--by[The period to count by.]:by:{__snapread_complete "${___by[@]}"}'
        '--json[Print JSON (the shape of CONTRACT.md)\: \[{"period", "count"}\], oldest first.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_thread() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        '--json[Print JSON (the shape of CONTRACT.md).]'
        '--depth[Follow links this many steps away from FILE (0\: FILE alone).]:depth:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_copies() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        '--json[Print JSON (the shape of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_diff() {
    local -i ret=1
    local -ar arg_specs=(
        ':dir:'
        '--db[The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.]:db:'
        ':file:'
        ':other:'
        '--json[Print JSON (the shape of CONTRACT.md).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_snapread_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _snapread ]]; then
    _snapread "${@}"
else
    compdef _snapread snapread
fi
