/// An error a person can act on: printed as one line on stderr, exit status 1.
struct UserFacingError: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }
}
