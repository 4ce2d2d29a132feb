import CSystemSupport
#if canImport(Glibc)
import Glibc
#endif

// This module imports no Foundation: the watcher is a long-lived process per
// corpus, and Foundation's libraries alone would make it three times larger
// (see docs/BENCHMARKS.md, "The corpus watcher's memory").

/// Where a corpus's watcher stands: which run of the watcher (a random number
/// chosen when it starts) and how many changes it has seen since.
public struct ChangeToken: Equatable, Sendable, CustomStringConvertible {
    public var instance: UInt64
    public var changes: UInt64

    public init(instance: UInt64, changes: UInt64) {
        self.instance = instance
        self.changes = changes
    }

    public var description: String { "\(instance) \(changes)" }

    init?(_ text: Substring) {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let instance = UInt64(parts[0]), let changes = UInt64(parts[1]) else { return nil }
        self.init(instance: instance, changes: changes)
    }
}

/// Tells cheaply whether anything in a corpus changed between two moments, so
/// that an index known to be up to date at the first needs no stat of every
/// file at the second.
public protocol ChangeMonitor: Sendable {
    /// Where the corpus at `root` stands now, or nil when nobody can vouch for
    /// it (then every file is stat'ed, as without a monitor).
    func currentToken(root: String) -> ChangeToken?
}

/// The background process that makes `list` and `search` fast on a large
/// corpus: it watches every folder of the corpus with inotify and counts the
/// changes (files written, created, deleted, renamed, touched). A command that
/// finds the count unchanged since the index was last known to match the files
/// skips its stat of every file.
///
/// It answers on a Unix socket in the abstract namespace named after the user
/// and the corpus, so there is one watcher per corpus and user, and no socket
/// file to go stale. Only processes of the same user get an answer (the
/// peer's uid, SO_PEERCRED); when another user holds the name, the watcher
/// takes the next of `WatchChannel.slots` names. Each connection gets one
/// line, `INSTANCE CHANGES`, or `unsure` when the watcher cannot see every
/// change (a network file system, a folder mounted inside the corpus,
/// symbolic links to files, a full inotify watch table, a folder it cannot
/// read yet). It exits after `idleSeconds` without a question, and when the
/// corpus folder is deleted, moved or replaced (another folder at its path).
///
/// `@unchecked Sendable`: all mutable state belongs to the thread in `run()`;
/// other threads only call `stop()`, which writes a byte to a pipe that
/// `run()` polls (a descriptor set once in `init`).
public final class CorpusWatcher: @unchecked Sendable {
    // Invariant for @unchecked Sendable: the mutable state is touched only by
    // init and then by the one thread in `run()`; `stop()`, the only call
    // meant for another thread, just writes a byte to a pipe.
    public let root: String
    private let idleSeconds: Double
    private let instance = UInt64.random(in: 1...UInt64.max)
    private var changes: UInt64 = 0
    private var unsure: String?
    private let inotify: Int32
    private var listener: Int32
    private let stopPipe: (read: Int32, write: Int32)
    private var folders: [Int32: String] = [:]
    private var rootWatch: Int32 = -1
    private var rootDevice: UInt64 = 0
    private var rootInode: UInt64 = 0
    /// Folders that could not be watched or listed (no permission): retried
    /// at each question, and the answer is `unsure` while any remains.
    private var unwatched: Set<String> = []
    /// Which of the corpus's socket names this watcher holds.
    public private(set) var slot = 0
    /// One buffer for every read of the inotify queue.
    private var eventBuffer = [UInt8](repeating: 0, count: 16 * 1024)

    static let mask: UInt32 = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
        | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW) | UInt32(IN_EXCL_UNLINK)

    public enum SetupError: Error, CustomStringConvertible {
        case alreadyWatched
        case system(String)

        public var description: String {
            switch self {
            case .alreadyWatched: return "another watcher already watches this corpus"
            case .system(let why): return why
            }
        }
    }

    /// Takes the first of the corpus's socket names that no other user holds,
    /// and watches every folder. Fails when a watcher of this user already
    /// holds one, or other users hold them all.
    public init(root: String, idleSeconds: Double) throws {
        self.root = WatchChannel.canonicalPath(root)
        self.idleSeconds = idleSeconds
        (listener, slot) = try CorpusWatcher.listen(root: self.root)
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        var pipeEnds: [Int32] = [-1, -1]
        guard inotify >= 0, pipe(&pipeEnds) == 0 else {
            close(listener)
            throw SetupError.system("inotify: " + String(cString: strerror(errno)))
        }
        stopPipe = (pipeEnds[0], pipeEnds[1])
        _ = fcntl(stopPipe.read, F_SETFD, FD_CLOEXEC)
        _ = fcntl(stopPipe.write, F_SETFD, FD_CLOEXEC)
        var info = stat()
        if stat(self.root, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
            unsure = "the corpus folder is not there"
        } else if snapread_filesystem_reports_changes(self.root) == 0 {
            unsure = "a file system that may change without telling (network or unknown)"
        }
        rootDevice = UInt64(info.st_dev)
        rootInode = UInt64(info.st_ino)
        if unsure == nil { watchTree(relative: "") }
    }

    /// Binds the first free name; a name held by a process of this user means
    /// a watcher already runs. A name held by someone who does not listen (or
    /// is between bind and listen) is looked at again a few times first.
    private static func listen(root: String) throws -> (descriptor: Int32, slot: Int) {
        for slot in 0..<WatchChannel.slots {
            let name = WatchChannel.socketName(root: root, slot: slot)
            for attempt in 0..<3 {
                let descriptor = snapread_abstract_listen(name)
                if descriptor >= 0 { return (descriptor, slot) }
                guard errno == EADDRINUSE else { throw SetupError.system("socket: " + String(cString: strerror(errno))) }
                let probe = snapread_abstract_connect(name)
                if probe >= 0 {
                    close(probe)
                    throw SetupError.alreadyWatched
                }
                if errno == EPERM { break } // another user's: the next name
                if attempt < 2 { usleep(20_000) }
            }
        }
        throw SetupError.system("other users hold every socket name of this corpus")
    }

    /// Whether the corpus's path still leads to the folder being watched: a
    /// parent folder moved away and another put in its place leaves every
    /// watch on the old one, silent.
    private var rootIsStillThere: Bool {
        var info = stat()
        return stat(root, &info) == 0 && UInt64(info.st_dev) == rootDevice && UInt64(info.st_ino) == rootInode
    }

    /// Tries again to watch the folders that could not be read before.
    private func retryUnwatched() {
        guard !unwatched.isEmpty else { return }
        let waiting = unwatched.sorted()
        unwatched = []
        for folder in waiting { watchTree(relative: folder) }
    }

    deinit {
        if listener >= 0 { close(listener) }
        close(inotify)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// What a client reads: the token, or `unsure`.
    var answer: String {
        if let unsure { return "unsure \(unsure)\n" }
        if let folder = unwatched.min() { return "unsure a folder cannot be read (\(folder.isEmpty ? "." : folder))\n" }
        return "\(ChangeToken(instance: instance, changes: changes))\n"
    }

    /// What `snapread _watch` and `snapwatch` do: leave the starting
    /// command's session, take the corpus's name and watch until idle. A
    /// watcher already there is not an error.
    public static func runDetached(root: String, idleSeconds: Double, onError: (String) -> Never) {
        // Its own session: closing the terminal that started a command does
        // not end the watcher, and its signals do not reach it.
        setsid()
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        snapread_nice_this_thread(10)
        do {
            let watcher = try CorpusWatcher(root: root, idleSeconds: idleSeconds)
            // Do not hold on to the folder it was started from (a mount a
            // person may want to unmount); the corpus path is absolute.
            chdir("/")
            watcher.run()
        } catch SetupError.alreadyWatched {
            return
        } catch {
            onError("\(root): cannot watch: \(error)")
        }
    }

    /// Makes `run()` return (from another thread).
    public func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }

    /// Answers questions and counts changes until idle, stopped, or the corpus
    /// is gone. The name is given up on return: the next command starts a new
    /// watcher rather than waiting on this one.
    public func run() {
        defer {
            close(listener)
            listener = -1
        }
        guard listener >= 0 else { return }
        var lastQuestion = MonotonicClock.seconds
        while true {
            let remaining = idleSeconds - (MonotonicClock.seconds - lastQuestion)
            if remaining <= 0 { return }
            var descriptors = [
                pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 3, Int32(min(remaining * 1000, 60_000)) + 1)
            if ready < 0 && errno != EINTR { return }
            if descriptors[2].revents != 0 { return }
            if descriptors[0].revents != 0, !drainEvents() { return }
            if descriptors[1].revents != 0 {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                // Another user learns nothing, and does not keep it alive.
                guard snapread_peer_is_same_user(client) == 1 else {
                    close(client)
                    continue
                }
                // Every change made before the question is already queued on
                // the inotify descriptor: count it before answering.
                if !drainEvents() {
                    close(client)
                    return
                }
                guard rootInode == 0 || rootIsStillThere else {
                    // Not this corpus any more: the next command starts a
                    // watcher on the folder now at the path.
                    let reply = Array("unsure the corpus folder was moved or replaced\n".utf8)
                    _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    close(client)
                    return
                }
                retryUnwatched()
                let reply = Array(answer.utf8)
                _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
                lastQuestion = MonotonicClock.seconds
            }
        }
    }

    // MARK: - Watching

    /// Watches a folder of the corpus and every folder under it, as the
    /// scanner sees them: hidden entries skipped, symbolic links to folders
    /// not followed.
    private func watchTree(relative: String) {
        var pending = [relative]
        while let folder = pending.popLast(), unsure == nil {
            let path = folder.isEmpty ? root : root + "/" + folder
            let watch = inotify_add_watch(inotify, path, CorpusWatcher.mask)
            if watch < 0 {
                if errno == ENOSPC || errno == ENOMEM { unsure = "too many folders for inotify (fs.inotify.max_user_watches)" }
                // Not readable (yet): looked at again at each question.
                if errno == EACCES || errno == EPERM { unwatched.insert(folder) }
                continue // else gone again
            }
            folders[watch] = folder
            if folder.isEmpty { rootWatch = watch }
            // A folder replaced by a FIFO since its event was queued must not
            // hold the watcher: IN_ONLYDIR (in the mask) refuses to watch it,
            // and should the name change between the two calls, O_DIRECTORY
            // refuses to open it and O_NONBLOCK keeps the open from waiting.
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0, let directory = fdopendir(descriptor) else {
                // Watched but not listed: its subfolders are unknown.
                if descriptor < 0 && (errno == EACCES || errno == EPERM) { unwatched.insert(folder) }
                if descriptor >= 0 { close(descriptor) }
                continue
            }
            while let entry = readdir(directory) {
                let name = withEntryName(entry) { String(cString: $0) }
                if name.hasPrefix(".") { continue }
                var type = entry.pointee.d_type
                var info = stat()
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_DIR) {
                    guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                    type = info.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : info.st_mode & S_IFMT == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG)
                }
                if type == UInt8(DT_DIR) {
                    if UInt64(info.st_dev) != rootDevice { unsure = "another file system is mounted at \(folder.isEmpty ? name : folder + "/" + name)" }
                    pending.append(folder.isEmpty ? name : folder + "/" + name)
                } else if type == UInt8(DT_LNK), fstatat(descriptor, name, &info, 0) == 0, info.st_mode & S_IFMT == S_IFREG {
                    // The scanner reads the file a link points at, which may
                    // lie outside every watched folder.
                    unsure = "a symbolic link to a file (\(folder.isEmpty ? name : folder + "/" + name))"
                }
            }
            closedir(directory)
        }
    }

    /// Reads every queued event. False when the corpus folder itself is gone.
    private func drainEvents() -> Bool {
        var buffer = eventBuffer
        defer { eventBuffer = buffer }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            if count <= 0 { return true }
            var offset = 0
            var keepGoing = true
            buffer.withUnsafeBytes { raw in
                while offset + 16 <= count {
                    let watch = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let nameLength = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = UnsafeRawBufferPointer(rebasing: raw[(offset + 16)..<min(count, offset + 16 + nameLength)])
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    offset += 16 + nameLength
                    if !handle(watch: watch, mask: mask, name: name) { keepGoing = false }
                }
            }
            if !keepGoing { return false }
        }
    }

    /// Counts one event. False when the corpus folder itself went away.
    private func handle(watch: Int32, mask: UInt32, name: String) -> Bool {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            // Events were lost, folder creations perhaps among them.
            changes &+= 1
            watchTree(relative: "")
            return true
        }
        if watch == rootWatch, mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { return false }
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[watch] = nil
            return true
        }
        if name.hasPrefix(".") { return true } // hidden: the scanner skips it
        changes &+= 1
        if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_ATTRIB) != 0, let parent = folders[watch] {
            // A folder's permissions changed: one that could not be read may
            // be readable now.
            let child = parent.isEmpty ? name : parent + "/" + name
            if unwatched.remove(child) != nil { watchTree(relative: child) }
        }
        if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, let parent = folders[watch] {
            watchTree(relative: parent.isEmpty ? name : parent + "/" + name)
        } else if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, let parent = folders[watch] {
            var info = stat()
            let path = root + "/" + (parent.isEmpty ? name : parent + "/" + name)
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                unsure = "a symbolic link to a file (\(parent.isEmpty ? name : parent + "/" + name))"
            }
        }
        return true
    }
}

/// The name of a corpus's watcher socket, and the question a command asks it.
public enum WatchChannel {
    /// How many names a corpus's watcher may take: the first one no other
    /// user holds. Anyone can bind any abstract name, so another user can
    /// take the first; a watcher then takes the next, and a command asks each
    /// in turn, trusting only a listener of its own user.
    public static let slots = 4

    /// One name per user, corpus and slot; the protocol version is part of
    /// it, so a newer snapread never talks to an older watcher.
    public static func socketName(root: String, slot: Int = 0) -> String {
        "snapread-watch-2/\(getuid())/\(String(fnv1a(root), radix: 16))/\(slot)"
    }

    /// 64-bit FNV-1a of a path's UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The absolute, symlink-resolved form of a path (as given when it does
    /// not exist): what the index calls the corpus root.
    public static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public enum Answer: Equatable, Sendable {
        /// No watcher of this user, and a name free for one.
        case noWatcher
        /// Other users hold every name: no watcher can start, do not wait for one.
        case namesTaken
        case unsure
        case token(ChangeToken)
    }

    /// Asks the watcher of `root` where the corpus stands. A watcher that does
    /// not answer in time (stopped, or swamped) counts as unsure: the command
    /// then checks every file itself. Listeners of other users are passed
    /// over without a word sent or read.
    public static func ask(root: String, timeoutMilliseconds: Int32 = 500) -> Answer {
        var someNameFree = false
        for slot in 0..<slots {
            let name = socketName(root: root, slot: slot)
            let descriptor = snapread_abstract_connect(name)
            if descriptor >= 0 { return read(descriptor, timeoutMilliseconds: timeoutMilliseconds) }
            // Nobody listens: free, or bound by someone who does not listen.
            if errno == ECONNREFUSED, snapread_abstract_name_is_free(name) == 1 { someNameFree = true }
        }
        return someNameFree ? .noWatcher : .namesTaken
    }

    /// Reads the one-line answer of a watcher of this user.
    private static func read(_ descriptor: Int32, timeoutMilliseconds: Int32) -> Answer {
        defer { close(descriptor) }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 128)
        while reply.count < 4096 {
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, timeoutMilliseconds) > 0 else { return .unsure }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            reply += buffer[0..<count]
            if reply.last == 0x0A { break }
        }
        let line = String(decoding: reply, as: UTF8.self).split(separator: "\n").first ?? ""
        if let token = ChangeToken(line) { return .token(token) }
        return .unsure
    }
}

/// Asks a corpus's watcher, and starts one when there is none.
public struct WatcherChangeMonitor: ChangeMonitor {
    /// Starts a watcher process for a corpus root (in the background, not
    /// waited for).
    let launch: @Sendable (String) -> Void

    public init(launch: @escaping @Sendable (String) -> Void) {
        self.launch = launch
    }

    public func currentToken(root: String) -> ChangeToken? {
        switch WatchChannel.ask(root: root) {
        case .token(let token): return token
        case .unsure, .namesTaken: return nil
        case .noWatcher: break
        }
        launch(root)
        // Give it a moment to watch the folders: a token from before the walk
        // that follows lets the next command skip the walk. A large corpus
        // takes tens of milliseconds; when it takes longer, the next command
        // gets its token instead.
        let deadline = MonotonicClock.seconds + 0.5
        while MonotonicClock.seconds < deadline {
            usleep(5000)
            switch WatchChannel.ask(root: root) {
            case .token(let token): return token
            case .unsure, .namesTaken: return nil
            case .noWatcher: continue
            }
        }
        return nil
    }
}

/// Seconds on the monotonic clock (not moved by changes to the date).
enum MonotonicClock {
    static var seconds: Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
