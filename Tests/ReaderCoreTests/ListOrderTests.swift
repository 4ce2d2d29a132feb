import Testing
@testable import ReaderCore

/// The list order reads as the handles it was made of, however it keeps them.
@Suite struct ListOrderTests {
    @Test func docnosReadAsTheirHandles() {
        let order = ListOrder(docnos: [7, 3, UInt32.max, 0])
        #expect(Array(order) == [7, 3, Int64(UInt32.max), 0])
        #expect(order.firstIndex(of: 3) == 1)
        #expect(order.firstIndex(of: Int64(UInt32.max)) == 2)
        #expect(order.firstIndex(of: -1) == nil && order.firstIndex(of: Int64(UInt32.max) + 1) == nil)
        #expect(order == [7, 3, Int64(UInt32.max), 0])
        #expect(order.contains(0) && !order.contains(5))
    }

    /// Handles outside 32 bits (only fixtures make them) are kept whole, in order.
    @Test func handlesThatDoNotFitAreKeptWhole() {
        let handles: [Int64] = [2, -5, 1 << 40, 9]
        let order = ListOrder(handles)
        #expect(Array(order) == handles)
        #expect(order.firstIndex(of: 1 << 40) == 2 && order.firstIndex(of: 9) == 3)
        #expect(order != ListOrder([2, 5, 9]))
        #expect(ListOrder([1, 2]) == ListOrder(docnos: [1, 2]))
        #expect(ListOrder().isEmpty && ListOrder([]) == ListOrder(docnos: []))
    }
}
