import GRDB

/// Inserts rows a hundred to a statement: for the passes that write
/// millions of rows in key order (one statement a row was most of their
/// SQLite time).
struct BatchedInsert {
    static let rowsPerStatement = 100
    /// `INSERT … INTO table(columns)`, without VALUES.
    let prefix: String
    let columns: Int
    private var values: [DatabaseValueConvertible] = []

    init(_ prefix: String, columns: Int) {
        self.prefix = prefix
        self.columns = columns
        values.reserveCapacity(columns * Self.rowsPerStatement)
    }

    mutating func add(_ db: Database, _ row: DatabaseValueConvertible...) throws {
        values += row
        if values.count == columns * Self.rowsPerStatement { try flush(db) }
    }

    /// Writes the rows not written yet.
    mutating func flush(_ db: Database) throws {
        guard !values.isEmpty else { return }
        let rows = values.count / columns
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let sql = prefix + " VALUES " + Array(repeating: tuple, count: rows).joined(separator: ", ")
        let statement = rows == Self.rowsPerStatement ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        try statement.execute(arguments: StatementArguments(values))
        values.removeAll(keepingCapacity: true)
    }
}
