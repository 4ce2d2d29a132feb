import CSystemSupport

/// An empty byte array with room for `capacity` bytes that the kernel backs
/// with 2 MB pages where it can: filling tens of megabytes then takes a few
/// dozen page faults instead of thousands.
enum LargeBuffer {
    static func make(capacity: Int) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(capacity)
        // The storage's address, not its (empty) contents: only advice is given.
        let capacity = buffer.capacity
        buffer.withUnsafeMutableBufferPointer { storage in
            if let base = storage.baseAddress { snapread_prefer_huge_pages(base, capacity) }
        }
        return buffer
    }
}
