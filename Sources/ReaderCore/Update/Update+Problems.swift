/// The problems found at start, each in a box of its own until a key moves on.
extension ReaderModel {
    /// Opens the list over the panes; one more that arrives while it is open
    /// joins it. Over another view (not the case at start) they wait on the status line.
    mutating func problemsArrived(_ lines: [String]) -> [Effect] {
        guard !lines.isEmpty else { return [] }
        switch modal {
        case nil:
            modal = .problems(ProblemList(lines: lines))
        case .problems(var open)?:
            open.lines += lines
            modal = .problems(open)
        default:
            message = lines.joined(separator: " · ")
        }
        return []
    }

    /// Esc (a close key) dismisses them all, the quit key quits as in the help,
    /// the up keys go back one; any other key shows the next, and after the
    /// last closes the box, so no key is ever lost in a trap.
    mutating func handleProblems(_ key: Key, _ problems: ProblemList) -> [Effect] {
        var problems = problems
        switch keymap.action(for: key, in: .help) {
        case .close?:
            modal = nil
        case .quit?:
            return [.quit]
        case .moveUp?, .pageUp?:
            problems.index = max(0, problems.index - 1)
            modal = .problems(problems)
        default:
            if key == .control("g") || problems.isLast {
                modal = nil
            } else {
                problems.index += 1
                modal = .problems(problems)
            }
        }
        return []
    }
}
