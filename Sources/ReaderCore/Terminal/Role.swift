/// What a piece of the screen is, for the theme to color. Themes name roles,
/// never widgets.
public enum Role: String, CaseIterable, Sendable {
    case normal, title, meta, dim, heading, note, link, unresolved
    case selection, selectionInactive, unread, bookmark
    case paneTitle, paneTitleFocused, border
    case status, statusMessage, topBar, searchHit, warning, help, helpKey
    /// Text a diff shows as inserted or deleted (also marked `{+…+}` `[-…-]`, for no colour).
    case diffAdded, diffRemoved
}
