import Foundation

// One executable for every fuzz target: the first argument names the target,
// the rest go to libFuzzer. Built by Fuzz/run.sh with coverage counters and
// AddressSanitizer, linked against libFuzzer's library without its `main`.

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target chosen on the command line; read by the C callback, which
/// cannot capture it. Set once before libFuzzer starts, never changed.
nonisolated(unsafe) private var chosen: FuzzTarget?

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget.named(arguments[1]) else {
    let names = FuzzTarget.all.map(\.name).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: snapfuzz \(names) [libFuzzer options] [corpus folders]\n".utf8))
    exit(2)
}
chosen = target

// libFuzzer sees the program name and the options after the target's name.
var forwarded: [UnsafeMutablePointer<CChar>?] = [strdup(arguments[0])] + arguments.dropFirst(2).map { strdup($0) } + [nil]
var argc = CInt(forwarded.count - 1)
let status = forwarded.withUnsafeMutableBufferPointer { buffer -> CInt in
    var argv = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        chosen?.run(bytes)
        return 0
    }
}
exit(status)
