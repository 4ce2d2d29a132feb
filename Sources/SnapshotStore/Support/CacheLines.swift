extension UnsafeRawBufferPointer {
    /// A byte of each 64-byte cache line the bytes lie on, summed: loads
    /// that bring them into the cache. A loop of these over many places
    /// lets the loads overlap, where a loop that uses each place in turn
    /// waits for each (the rank-order rendering of a search's rows).
    @inline(__always)
    func touchingEveryCacheLine() -> UInt8 {
        guard let base = baseAddress, !isEmpty else { return 0 }
        var sum = self[0]
        var line = (Int(bitPattern: base) | 63) + 1 - Int(bitPattern: base)
        while line < count {
            sum &+= self[line]
            line += 64
        }
        return sum
    }
}
