import CSystemSupport
import CorpusWatch
#if canImport(Glibc)
import Glibc
#endif

// `snapwatch _watch DIR [--idle SECONDS]`: the corpus watcher on its own, in
// a process that loads the Swift runtime and nothing else (about a third of
// the memory of `snapread _watch`, which does the same). Commands start it
// when it sits beside the snapread binary. The arguments have the shape of
// `snapread _watch`, so one is found in `ps` like the other.

func fail(_ message: String) -> Never {
    let line = Array("snapwatch: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "_watch" { arguments.removeFirst() }
var idle = 1800.0
var folder: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    if argument == "--idle" {
        guard let value = arguments.first.flatMap(Double.init) else { fail("--idle needs a number of seconds") }
        idle = value
        arguments.removeFirst()
    } else if folder == nil {
        folder = argument
    } else {
        fail("unexpected argument \(argument); usage: snapwatch _watch DIR [--idle SECONDS]")
    }
}
guard let folder else { fail("usage: snapwatch _watch DIR [--idle SECONDS]") }

CorpusWatcher.runDetached(root: folder, idleSeconds: idle, onError: fail)
