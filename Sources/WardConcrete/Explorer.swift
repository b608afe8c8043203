import Foundation
import Synchronization
import WardIR

public struct ExplorerOptions: Sendable {
    /// Stop after this many steps from the initial states (nil: until no new state appears).
    public var maxDepth: Int?
    /// Stop with `unknown` once this many states are stored.
    public var maxStates: Int
    /// Indices into `Model.checkedProperties`; nil checks them all.
    public var properties: [Int]?
    /// Worker threads. The verdict, the state count and the trace do not depend on it.
    public var jobs: Int
    /// Stop with `unknown` once the explorer holds more than this many bytes (nil: half of the
    /// machine's memory).
    public var maxMemory: Int?
    public var storage: ExplorerStorage
    public init(maxDepth: Int? = nil, maxStates: Int = Int.max, properties: [Int]? = nil, jobs: Int = 1,
                maxMemory: Int? = nil, storage: ExplorerStorage = .exact) {
        self.maxDepth = maxDepth; self.maxStates = maxStates; self.properties = properties
        self.jobs = jobs; self.maxMemory = maxMemory; self.storage = storage
    }
}

public struct ExplorerStatistics: Sendable {
    public var states = 0
    public var transitions = 0
    public var depth = 0
    public var seconds = 0.0
    public var bytes = 0
    public var jobs = 1
    public var storage = ExplorerStorage.exact
    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
    public var bytesPerState: Double { states > 0 ? Double(bytes) / Double(states) : 0 }
}

public enum ExplorerVerdict: Sendable {
    /// Every reachable state satisfies the properties; `complete` is false when the depth bound cut
    /// the search or the storage was partial (`statistics.storage`: states may have been missed).
    case holds(complete: Bool)
    case violated(Trace)
    case unknown(String)
}

public struct ExplorerResult: Sendable {
    public var verdict: ExplorerVerdict
    public var statistics: ExplorerStatistics
}

/// Breadth-first exploration of every reachable state: the first violation found is at the
/// least depth, and its trace is the least one in (initial state, label, label, ...) order.
///
/// States are numbered in BFS order, and each keeps the least (predecessor, label) that reaches
/// it. A level is expanded in batches of `batchStates` states, each in three phases:
/// 1. expand (parallel over chunks of the batch): the packed successor functions give every
///    successor; those not already stored go, keyed by (predecessor, label), to the store
///    partition their hash picks;
/// 2. insert (parallel over partitions): each partition takes its messages in key order, so the
///    first copy of a new state carries its least key; the new states' properties are checked;
/// 3. number (sequential): the new states of every partition, in key order, get the next
///    numbers: exactly the order in which a one-thread BFS discovers them.
/// So the states, their numbers, the predecessor links and the trace do not depend on `jobs`.
public struct Explorer {
    public let machine: Machine
    public init(_ machine: Machine) { self.machine = machine }
    /// States expanded per batch (fixed, so that results do not depend on the number of threads).
    static let batchStates = 4096
    static let chunkStates = 64
    static let partitions = 16

    public func run(_ options: ExplorerOptions = ExplorerOptions()) -> ExplorerResult {
        let start = Date()
        var stats = ExplorerStatistics()
        stats.jobs = max(1, options.jobs)
        stats.storage = options.storage
        let labels: [Label], initial: [[UInt64]]
        do {
            labels = try machine.labels()
            initial = try machine.initialStates()
        } catch {
            stats.seconds = Date().timeIntervalSince(start)
            return ExplorerResult(verdict: .unknown(error.description), statistics: stats)
        }
        // One compiled program per worker: the compiled closures are reference counted as they
        // call each other, and two cores counting on the same closures fight over their cache
        // lines (2 cores ran 1.6x one; with a program each, 1.9x).
        let jobs = min(max(1, options.jobs), Search.maxWorkers)
        let programs = (0..<jobs).map { _ in SuccessorProgram(machine: machine, labels: labels) }
        let search = Search(programs: programs, options: options,
                            checked: options.properties ?? Array(machine.model.checkedProperties.indices))
        let verdict: ExplorerVerdict
        switch search.run(initial) {
        case .holds(let complete): verdict = .holds(complete: complete && !options.storage.isPartial)
        case .unknown(let why): verdict = .unknown(why)
        case .violated(let index, let property):
            verdict = trace(search.path(to: index), initial: initial, labels: labels, property: property)
        }
        stats.states = search.count
        stats.transitions = search.workers.reduce(0) { $0 + $1.transitions }
        stats.depth = search.depth
        stats.bytes = search.bytes
        stats.seconds = Date().timeIntervalSince(start)
        return ExplorerResult(verdict: verdict, statistics: stats)
    }

    /// Replays a path (initial state index, labels) on the emulator, giving the trace's states.
    func trace(_ path: (Int, [Int]), initial: [[UInt64]], labels: [Label], property: Int) -> ExplorerVerdict {
        var state = initial[path.0]
        var steps: [TraceStep] = []
        for l in path.1 {
            guard case .next(let t) = machine.step(state, labels[l]) else {
                return .unknown("internal error: the explorer's trace does not replay on the emulator at step \(steps.count + 1)")
            }
            steps.append(TraceStep(label: labels[l], state: t))
            state = t
        }
        return .violated(Trace(initial: initial[path.0], steps: steps, property: property))
    }
}

/// A worker's buffers: its own compiled program, its evaluation scratch, two states, and its
/// messages to each partition.
final class Worker: @unchecked Sendable {
    let program: SuccessorProgram
    /// `program.successors`, borrowed: `program` keeps them alive for the whole search.
    let successors: [Unmanaged<Successor>]
    let env: UnsafeMutablePointer<UInt64>
    let source: UnsafeMutablePointer<UInt64>
    let target: UnsafeMutablePointer<UInt64>
    let outbox: [Outbox]
    var transitions = 0

    init(program: SuccessorProgram, partitions: Int) {
        self.program = program
        successors = program.successors.map { Unmanaged.passUnretained($0) }
        let envWords = program.envWords, stateWords = program.layout.stateWords
        env = .allocate(capacity: max(envWords, 1))
        env.initialize(repeating: 0, count: max(envWords, 1))
        source = .allocate(capacity: stateWords)
        source.initialize(repeating: 0, count: stateWords)
        target = .allocate(capacity: stateWords)
        target.initialize(repeating: 0, count: stateWords)
        outbox = (0..<partitions).map { _ in Outbox(stateWords: stateWords) }
    }

    deinit { env.deallocate(); source.deallocate(); target.deallocate() }
}

/// Messages to one partition: records (key, hash, state words), in increasing key order.
final class Outbox: @unchecked Sendable {
    let recordWords: Int
    private(set) var data: UnsafeMutablePointer<UInt64>
    private(set) var count = 0
    private var capacity = 64

    init(stateWords: Int) {
        recordWords = stateWords + 2
        data = .allocate(capacity: capacity * recordWords)
    }
    deinit { data.deallocate() }

    var bytes: Int { capacity * recordWords * 8 }

    @inline(__always) func append(key: UInt64, hash: UInt64, _ w: UnsafePointer<UInt64>) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * capacity * recordWords)
            bigger.update(from: data, count: count * recordWords)
            data.deallocate()
            data = bigger
            capacity *= 2
        }
        let r = data + count * recordWords
        r[0] = key
        r[1] = hash
        (r + 2).update(from: w, count: recordWords - 2)
        count += 1
    }

    @inline(__always) func record(_ i: Int) -> UnsafeMutablePointer<UInt64> { data + i * recordWords }
    func removeAll() { count = 0 }
}

final class ChunkCounter: Sendable {
    let next = Atomic<Int>(0)
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// The search state: partitions, workers, predecessor links and the BFS levels.
final class Search: @unchecked Sendable {
    enum Outcome { case holds(complete: Bool), violated(index: Int, property: Int), unknown(String) }

    static let maxWorkers = 256
    let layout: StateLayout
    let options: ExplorerOptions
    let checked: [Int]
    let words: Int
    let stateBytes: Int
    let partitions: [Partition]
    let workers: [Worker]
    /// Per state number: (predecessor number, label index); an initial state has predecessor
    /// UInt32.max and its index among the initial states as label.
    let links = ChunkedBuffer(recordBytes: 8)
    /// Where the states of the level being expanded and of the next level live: local index << 4 | partition.
    var current: [UInt32] = []
    var next: [UInt32] = []
    var count = 0
    var depth = 0
    let memoryLimit: Int
    /// `partitions`, borrowed the same way: every thread reads them, and counting references to
    /// them from two cores made the cores fight over the counts' cache lines.
    let borrowedPartitions: [Unmanaged<Partition>]

    /// One program per worker, all compiled from the same model and labels.
    init(programs: [SuccessorProgram], options: ExplorerOptions, checked: [Int]) {
        layout = programs[0].layout
        self.options = options
        self.checked = checked
        words = layout.stateWords
        stateBytes = layout.stateBytes
        partitions = (0..<Explorer.partitions).map { [layout] _ in
            Partition(storage: options.storage, stateBytes: layout.stateBytes, partitions: Explorer.partitions)
        }
        workers = programs.map { Worker(program: $0, partitions: Explorer.partitions) }
        memoryLimit = options.maxMemory ?? Int(ProcessInfo.processInfo.physicalMemory / 2)
        borrowedPartitions = partitions.map { Unmanaged.passUnretained($0) }
    }

    var bytes: Int {
        partitions.reduce(0) { $0 + $1.bytes } + links.bytes + (current.capacity + next.capacity) * 4
            + workers.reduce(0) { w, x in w + x.outbox.reduce(0) { $0 + $1.bytes } }
    }

    /// The first checked property that `s` breaks (evaluated with `worker`'s program), or -1.
    @inline(__always) func violated(_ s: UnsafeMutablePointer<UInt64>, _ worker: Worker) -> Int32 {
        for p in checked where worker.program.properties[p](s, worker.env) == 0 { return Int32(p) }
        return -1
    }

    func run(_ initial: [[UInt64]]) -> Outcome {
        let w0 = workers[0]
        for (i, s) in initial.enumerated() {
            layout.pack(s, into: w0.target)
            let h = stateHash(w0.target, words)
            let p = Int(h >> 60)
            partitions[p].reserve(1)
            guard let local = partitions[p].insert(h, w0.target) else { continue }
            let r = links.append().assumingMemoryBound(to: UInt32.self)
            r[0] = UInt32.max; r[1] = UInt32(i)
            next.append(UInt32(local) << 4 | UInt32(p))
            count += 1
            let v = violated(w0.target, w0)
            if v >= 0 { return .violated(index: count - 1, property: Int(v)) }
            if count >= options.maxStates { return .unknown("state limit of \(options.maxStates) reached at depth 0") }
        }
        var level = 0
        while !next.isEmpty {
            swap(&current, &next)
            next.removeAll(keepingCapacity: true)
            for p in partitions { p.advanceLevel() }
            if let maxDepth = options.maxDepth, level >= maxDepth { return .holds(complete: false) }
            let levelStart = count - current.count
            var b = 0
            while b < current.count {
                let e = min(b + Explorer.batchStates, current.count)
                if let outcome = batch(b, e, levelStart: levelStart, level: level) { return outcome }
                b = e
            }
            level += 1
        }
        return .holds(complete: true)
    }

    /// Expands `current[first..<end]`; an outcome ends the search.
    func batch(_ first: Int, _ end: Int, levelStart: Int, level: Int) -> Outcome? {
        let chunks = ChunkCounter()
        parallel { w in self.expand(self.workers[w], first, end, levelStart: levelStart, chunks) }
        let owners = ChunkCounter()
        parallel { w in
            while true {
                let p = owners.take()
                if p >= self.partitions.count { break }
                self.insert(p, self.workers[w])
            }
        }
        for w in workers { for o in w.outbox { o.removeAll() } }
        return number(level: level)
    }

    func parallel(_ body: @Sendable (Int) -> Void) {
        if workers.count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: workers.count, execute: body)
    }

    /// Phase 1: successors of the chunks this worker takes; the ones not stored become messages.
    /// The successors are borrowed (`worker.successors`) and the level read from a local copy: reference
    /// counting and exclusivity checks per transition cost more than the transition itself, and
    /// counting on shared objects is what kept two threads from going faster than one.
    func expand(_ worker: Worker, _ first: Int, _ end: Int, levelStart: Int, _ chunks: ChunkCounter) {
        let env = worker.env, source = worker.source, target = worker.target
        let words = self.words, stateBytes = self.stateBytes
        let current = self.current, partitions = self.borrowedPartitions, outbox = worker.outbox
        var transitions = 0
        worker.successors.withUnsafeBufferPointer { successors in
            while true {
                let c = first + chunks.take() * Explorer.chunkStates
                if c >= end { break }
                for k in c..<min(c + Explorer.chunkStates, end) {
                    let location = current[k]
                    let from = partitions[Int(location & 15)]._withUnsafeGuaranteedRef { $0.frontier.record(Int(location >> 4)) }
                    source[words - 1] = 0
                    UnsafeMutableRawPointer(source).copyMemory(from: from, byteCount: stateBytes)
                    let key = UInt64(levelStart + k) << 32
                    for successor in successors {
                        successor._withUnsafeGuaranteedRef { s in
                            if !s.params.isEmpty { for (i, v) in s.params.enumerated() { env[i] = v } }
                            if s.guardCode(source, env) != 0 { return }
                            guard s.writes else { transitions += 1; return }
                            target.update(from: source, count: words)
                            if s.body(target, env) != 0 { return }
                            transitions += 1
                            if sameWords(target, source, words) { return }
                            let h = stateHash(target, words)
                            let p = Int(h >> 60)
                            if partitions[p]._withUnsafeGuaranteedRef({ $0.contains(h, target) }) { return }
                            outbox[p].append(key: key | UInt64(s.label), hash: h, target)
                        }
                    }
                }
            }
        }
        worker.transitions += transitions
    }

    /// Phase 2: partition `p` takes its messages from every worker in key order. The outboxes
    /// are read through plain pointers (no appends happen in this phase): touching the boxes
    /// themselves per message counted references on objects both cores share.
    func insert(_ p: Int, _ worker: Worker) {
        let part = partitions[p]
        let boxes = workers.map { $0.outbox[p] }
        let data = boxes.map { UnsafePointer($0.data) }, counts = boxes.map(\.count)
        let recordWords = words + 2
        part.reserve(counts.reduce(0, +))
        var heads = [Int](repeating: 0, count: boxes.count)
        while true {
            var best = -1
            var bestKey = UInt64.max
            for b in 0..<data.count where heads[b] < counts[b] {
                let key = data[b][heads[b] * recordWords]
                if best < 0 || key < bestKey { best = b; bestKey = key }
            }
            if best < 0 { break }
            let r = data[best] + heads[best] * recordWords
            heads[best] += 1
            guard let local = part.insert(r[1], r + 2) else { continue }
            part.fresh.append((bestKey, UInt32(local), violated(UnsafeMutablePointer(mutating: r + 2), worker)))
        }
    }

    /// Phase 3: numbers the batch's new states in key order (a merge of the partitions' lists).
    func number(level: Int) -> Outcome? {
        var fresh = partitions.map(\.fresh)
        var heads = [Int](repeating: 0, count: fresh.count)
        var outcome: Outcome?
        loop: while true {
            var best = -1
            var bestKey = UInt64.max
            for p in 0..<fresh.count where heads[p] < fresh[p].count {
                let key = fresh[p][heads[p]].key
                if best < 0 || key < bestKey { best = p; bestKey = key }
            }
            if best < 0 { break }
            let entry = fresh[best][heads[best]]
            heads[best] += 1
            let r = links.append().assumingMemoryBound(to: UInt32.self)
            r[0] = UInt32(truncatingIfNeeded: entry.key >> 32)
            r[1] = UInt32(truncatingIfNeeded: entry.key)
            next.append(entry.local << 4 | UInt32(best))
            count += 1
            depth = level + 1
            if entry.violated >= 0 { outcome = .violated(index: count - 1, property: Int(entry.violated)); break loop }
            if count >= options.maxStates {
                outcome = .unknown("state limit of \(options.maxStates) reached at depth \(level + 1)"); break loop
            }
        }
        fresh = []   // the partitions' lists are uniquely referenced again: emptied in place
        for p in partitions { p.fresh.removeAll(keepingCapacity: true) }
        if outcome == nil, bytes > memoryLimit {
            outcome = .unknown("memory limit of \(memoryLimit >> 20) MiB reached at depth \(depth)")
        }
        return outcome
    }

    /// The initial state's index and the labels leading to state `index`.
    func path(to index: Int) -> (Int, [Int]) {
        var labels: [Int] = []
        var i = index
        while true {
            let r = links.record(i).assumingMemoryBound(to: UInt32.self)
            if r[0] == UInt32.max { return (Int(r[1]), labels.reversed()) }
            labels.append(Int(r[1]))
            i = Int(r[0])
        }
    }
}
