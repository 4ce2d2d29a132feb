function __snapread_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __snapread_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __snapread_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __snapread_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __snapread_parse_tokens -S
    set -l unparsed_tokens (__snapread_tokens -pc)
    switch $unparsed_tokens[1]
    case 'snapread'
        __snapread_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'read'
            __snapread_parse_subcommand 1 'db=' 'version' 'h/help'
        case 'show'
            __snapread_parse_subcommand 1 'json' 'width=' 'script=' 'version' 'h/help'
        case 'index'
            __snapread_parse_subcommand 1 'db=' 'version' 'h/help'
        case 'list'
            __snapread_parse_subcommand 1 'db=' 'category=+' 'source=' 'since=' 'until=' 'bookmarked' 'unread' 'distinct' 'limit=' 'json' 'version' 'h/help'
        case 'search'
            __snapread_parse_subcommand 2 'db=' 'category=+' 'source=' 'since=' 'until=' 'bookmarked' 'unread' 'distinct' 'limit=' 'json' 'version' 'h/help'
        case 'related'
            __snapread_parse_subcommand 2 'db=' 'json' 'version' 'h/help'
        case 'backlinks'
            __snapread_parse_subcommand 2 'db=' 'json' 'version' 'h/help'
        case 'categories'
            __snapread_parse_subcommand 1 'db=' 'json' 'version' 'h/help'
        case 'bookmark'
            __snapread_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __snapread_parse_subcommand 2 'db=' 'version' 'h/help'
            case 'remove'
                __snapread_parse_subcommand 2 'db=' 'version' 'h/help'
            end
        case 'bookmarks'
            __snapread_parse_subcommand 1 'db=' 'json' 'markdown' 'version' 'h/help'
        case 'config'
            __snapread_parse_subcommand 0 'version' 'h/help'
        case 'timeline'
            __snapread_parse_subcommand 2 'db=' 'category=+' 'source=' 'since=' 'until=' 'bookmarked' 'unread' 'distinct' 'by=' 'json' 'version' 'h/help'
        case 'thread'
            __snapread_parse_subcommand 2 'db=' 'json' 'depth=' 'version' 'h/help'
        case 'copies'
            __snapread_parse_subcommand 2 'db=' 'json' 'version' 'h/help'
        case 'diff'
            __snapread_parse_subcommand 3 'db=' 'json' 'version' 'h/help'
        case 'help'
            __snapread_parse_subcommand -r 1 'version'
        end
    end
end

function __snapread_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __snapread_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __snapread_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __snapread_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__snapread_tokens -p)
    if test -z "$(__snapread_tokens -t)"
        set -l index (count (__snapread_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'snapread' -f
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'read' -d 'Open the reader on DIR (the default command).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'show' -d 'Parse one snapshot file and print it.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'index' -d 'Build or bring up to date DIR\'s index.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'list' -d 'List DIR\'s articles, newest first.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'search' -d 'Search the title, editor\'s note and body of DIR\'s articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'related' -d 'The related items of one article, each resolved to the file in DIR it was cut from, or to nothing.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'backlinks' -d 'The articles in DIR whose related items point at FILE.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'categories' -d 'Every category in DIR with its article count, largest first.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'bookmark' -d 'Add or remove a bookmark. Bookmarks follow the article, not the file: they survive moves, renames and re-crawls.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'bookmarks' -d 'List bookmarks: all of them, or those whose article is in DIR (at its current path).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'config' -d 'Print the effective configuration (config.toml merged over the defaults).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'timeline' -d 'How many of DIR\'s articles were published in each day, week, month or year (of a search when QUERY is given).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'thread' -d 'The stories linked to FILE through related items and backlinks, up to N links away, oldest first.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'copies' -d 'The other snapshots of FILE\'s story in DIR: re-crawls, reposts, edited versions, the story in the other script.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'diff' -d 'What changed from FILE to OTHER: the title, and paragraphs added, removed and changed.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread read" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread read" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread read" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread show" json' -l 'json' -d 'Print the article as JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread show" width' -l 'width' -d 'Wrap the text rendering at this many columns (default: the terminal\'s width).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread show" script' -l 'script' -d 'Show title, editor\'s note and body in this script (simplified or traditional), converted by OpenCC.' -rfka 'simplified traditional'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread show" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread index" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread index" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread index" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list"' -l 'category' -d 'Only this category (repeatable).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" source' -l 'source' -d 'Only this source.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" since' -l 'since' -d 'Only articles published on or after this date (YYYY-MM-DD, Beijing time).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" until' -l 'until' -d 'Only articles published on or before this date (YYYY-MM-DD).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" bookmarked' -l 'bookmarked' -d 'Only bookmarked articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" unread' -l 'unread' -d 'Only unread articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" distinct' -l 'distinct' -d 'One article a story: of its copies, the one first published.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" limit' -l 'limit' -d 'At most this many results.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" json' -l 'json' -d 'Print JSON (the shapes of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search"' -l 'category' -d 'Only this category (repeatable).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" source' -l 'source' -d 'Only this source.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" since' -l 'since' -d 'Only articles published on or after this date (YYYY-MM-DD, Beijing time).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" until' -l 'until' -d 'Only articles published on or before this date (YYYY-MM-DD).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" bookmarked' -l 'bookmarked' -d 'Only bookmarked articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" unread' -l 'unread' -d 'Only unread articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" distinct' -l 'distinct' -d 'One article a story: of its copies, the one first published.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" limit' -l 'limit' -d 'At most this many results.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" json' -l 'json' -d 'Print JSON (the shapes of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread search" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread related" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread related" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread related" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread related" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread backlinks" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread backlinks" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread backlinks" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread backlinks" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread categories" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread categories" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread categories" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread categories" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread bookmark" -eq 1' -fa 'add' -d 'Bookmark FILE.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_positional "snapread bookmark" -eq 1' -fa 'remove' -d 'Remove FILE\'s bookmark.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark add" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark add" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark remove" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark remove" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmark remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmarks" db' -l 'db' -d 'The index database to use with DIR.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmarks" json' -l 'json' -d 'Print JSON.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmarks" markdown' -l 'markdown' -d 'Print a Markdown list.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmarks" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread bookmarks" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread config" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline"' -l 'category' -d 'Only this category (repeatable).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" source' -l 'source' -d 'Only this source.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" since' -l 'since' -d 'Only articles published on or after this date (YYYY-MM-DD, Beijing time).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" until' -l 'until' -d 'Only articles published on or before this date (YYYY-MM-DD).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" bookmarked' -l 'bookmarked' -d 'Only bookmarked articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" unread' -l 'unread' -d 'Only unread articles.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" distinct' -l 'distinct' -d 'One article a story: of its copies, the one first published.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" by' -l 'by' -d 'The period to count by.' -rfka 'day week month year'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md): [{"period", "count"}], oldest first.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread timeline" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread thread" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread thread" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread thread" depth' -l 'depth' -d 'Follow links this many steps away from FILE (0: FILE alone).' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread thread" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread thread" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread copies" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread copies" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread copies" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread copies" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread diff" db' -l 'db' -d 'The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.' -rfka ''
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread diff" json' -l 'json' -d 'Print JSON (the shape of CONTRACT.md).'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread diff" version' -l 'version' -d 'Show the version.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'snapread' -n '__snapread_should_offer_completions_for_flags_or_options "snapread help" version' -l 'version' -d 'Show the version.'
