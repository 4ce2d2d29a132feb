import CSQLiteRows
import GRDB

/// Inserts rows of integers a hundred to a statement, bound in C
/// (`snapread_insert_integers`): for the passes that write millions of rows
/// in key order. One statement a row was most of their SQLite time, and
/// binding each value through Swift's existentials most of what was left.
struct BatchedInsert {
    static let rowsPerStatement = 100
    /// `INSERT … INTO table(columns)`, without VALUES.
    let prefix: String
    let columns: Int
    private var values: [Int64] = []

    init(_ prefix: String, columns: Int) {
        self.prefix = prefix
        self.columns = columns
        values.reserveCapacity(columns * Self.rowsPerStatement)
    }

    mutating func add(_ db: Database, _ first: Int64, _ second: Int64) throws {
        values.append(first)
        values.append(second)
        if values.count == columns * Self.rowsPerStatement { try flush(db) }
    }

    mutating func add(_ db: Database, _ first: Int64, _ second: Int64, _ third: Int64) throws {
        values.append(first)
        values.append(second)
        values.append(third)
        if values.count == columns * Self.rowsPerStatement { try flush(db) }
    }

    /// Writes the rows not written yet.
    mutating func flush(_ db: Database) throws {
        guard !values.isEmpty else { return }
        precondition(values.count % columns == 0, "a row of \(columns) columns was not whole")
        let rows = values.count / columns
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let sql = prefix + " VALUES " + Array(repeating: tuple, count: rows).joined(separator: ", ")
        let statement = rows == Self.rowsPerStatement ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        let code = values.withUnsafeBufferPointer { buffer in
            snapread_insert_integers(UnsafeMutableRawPointer(statement.sqliteStatement), buffer.baseAddress, Int32(buffer.count))
        }
        values.removeAll(keepingCapacity: true)
        // SQLITE_DONE: the rows went in. Anything else is SQLite's error, as GRDB would throw it.
        guard code != ResultCode.SQLITE_DONE.rawValue else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: snapread_error_message(UnsafeMutableRawPointer(db.sqliteConnection))), sql: sql)
    }
}
