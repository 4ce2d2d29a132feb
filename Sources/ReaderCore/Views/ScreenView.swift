/// The whole screen: the top bar, the panes (or the help over them), a popup
/// if one is open, the status bar. Each part draws into its own rectangle.
enum ScreenView {
    static func draw(_ model: ReaderModel, into screen: inout ScreenBuffer) {
        let layout = model.layout
        screen.fill(Rect(x: 0, y: 0, width: screen.width, height: screen.height), role: .normal)
        TopBar.draw(model, in: layout.topBar, into: &screen)
        let content = Rect(x: 0, y: 1, width: model.width, height: max(0, model.height - 2))
        switch model.modal {
        case .help?:
            HelpView.draw(model, in: content, into: &screen)
        case .skipped?:
            SkippedView.draw(model, in: content, into: &screen)
        case .timeline(let state)?:
            TimelineView.draw(model, state, in: content, into: &screen)
        case .thread(let state)?:
            ThreadView.draw(model, state, in: content, into: &screen)
        case .diff?:
            DiffView.draw(model, in: content, into: &screen)
        default:
            for separator in layout.verticalSeparators {
                for y in separator.y..<separator.maxY { screen.write("│", x: separator.x, y: y, limit: 1, role: .border) }
            }
            for separator in layout.horizontalSeparators {
                screen.write(String(repeating: "─", count: separator.width), x: separator.x, y: separator.y, limit: separator.width, role: .border)
            }
            if let rect = layout.list { ListView.draw(model, in: rect, into: &screen) }
            if let rect = layout.article { ArticleView.draw(model, in: rect, into: &screen) }
            if let rect = layout.related { RelatedView.draw(model, in: rect, into: &screen) }
            if let picker = model.picker { PickerView.draw(model, picker, in: content, into: &screen) }
            if case .confirm(let confirm)? = model.modal { ConfirmView.draw(confirm, in: content, into: &screen) }
            if case .problems(let problems)? = model.modal { ProblemsView.draw(problems, in: content, into: &screen) }
        }
        if let prompt = model.prompt { PromptView.drawProblem(prompt, above: layout.statusBar, into: &screen) }
        StatusBar.draw(model, in: layout.statusBar, into: &screen)
    }

    /// A pane's title line: its number and name, and a detail on the right.
    static func paneTitle(_ model: ReaderModel, _ rect: Rect, pane: Pane, detail: String, into screen: inout ScreenBuffer) {
        let role: Role = pane == model.focus ? .paneTitleFocused : .paneTitle
        screen.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: role)
        let used = screen.write(" \(pane.rawValue) \(pane.name) ", x: rect.x, y: rect.y, limit: rect.width, role: role)
        let detailWidth = DisplayWidth.of(detail)
        if used + detailWidth + 1 <= rect.width {
            screen.write(detail, x: rect.maxX - detailWidth - 1, y: rect.y, limit: detailWidth, role: role)
        }
    }
}
