using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Turns monitor.bt's output, line by line as it arrives, into typed events: re-orders records by kernel time,
/// keeps each process's executable, working directory and fd table to make paths absolute, and leaves out the
/// container runtime's own setup (see <see cref="ProcessState.Tracked"/>). Pure: no process, no clock of its own.
/// </summary>
internal sealed class EventAssembler
{
    private const int RemoveDirectoryFlag = 0x200; // AT_REMOVEDIR
    private const int CloseOnExecFlag = 0x80000; // O_CLOEXEC
    private const int CloseRangeSetCloseOnExec = 4; // CLOSE_RANGE_CLOEXEC
    private const int WriteIntentFlags = 0x1 | 0x2 | 0x40 | 0x200 | 0x400; // O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND
    private const string DevFdPrefix = "/dev/fd/";
    private const int DnsBytesPerRecord = 24 * sizeof(long); // monitor.bt prints a datagram as 24 u64 words per record
    private const int ArgvBytesPerRecord = 24 * sizeof(long); // and an exec's argv area likewise
    private const int ArgvCaptureLimit = 256 * 1024; // monitor.bt's bound on the argv loop
    private const int PathCaptureLimit = 4096; // monitor.bt prints continuations up to PATH_MAX

    private readonly EventAssemblerOptions _options;
    private readonly MonotonicClock _clock;
    private readonly RecordReorderBuffer _reorder;
    private readonly Dictionary<int, ProcessState> _processes = [];
    private readonly Dictionary<int, TraceRecord> _lastRecordByThread = [];
    private readonly Dictionary<int, ArgvArea> _pendingArgvByThread = [];
    private readonly Dictionary<int, LastOpen> _lastOpenByThread = [];
    private readonly Dictionary<int, TracedPath> _secondStringByThread = [];
    private readonly Dictionary<int, (TraceRecord Start, byte[] Bytes)> _dnsStartByThread = [];
    private readonly Dictionary<int, int> _lastForkByThread = [];
    private readonly List<ProbeEvent> _events = [];
    private long _sequence;

    public EventAssembler(EventAssemblerOptions options, MonotonicClock clock)
    {
        _options = options;
        _clock = clock;
        _reorder = new RecordReorderBuffer(options.ReorderWindow.Ticks * 100);
    }

    /// <summary>Events in kernel time order; complete only after <see cref="Complete"/>.</summary>
    public IReadOnlyList<ProbeEvent> Events => _events;

    public TraceProblems Problems { get; } = new();

    public long LostEvents { get; private set; }

    public long DroppedEvents { get; private set; }

    /// <summary>Container processes (not runtime setup) seen exec'ing; zero after a run means the filter saw nothing.</summary>
    public int ContainerExecs { get; private set; }

    public void Accept(BpftraceLine line)
    {
        switch (line)
        {
            case PrintfLine other:
                Problems.Add("unexpected printf", other.Text);
                break;
            case LostEventsLine lost:
                LostEvents += lost.Count;
                break;
            case UnreadableLine unreadable:
                Problems.Add(unreadable.Reason, unreadable.Excerpt);
                break;
            case TupleLine tuple:
                AcceptTuple(tuple.Fields);
                break;
        }
    }

    /// <summary>A line over the size limit: its content is lost, so it counts as a problem.</summary>
    public void AcceptOversizedLine(string excerpt) => Problems.Add("line over the size limit", excerpt);

    /// <summary>Processes every record still held for re-ordering. Call once, when the tracer's output has ended.</summary>
    public void Complete()
    {
        foreach (var record in _reorder.Drain())
        {
            Process(record);
        }

        if (_pendingArgvByThread.Count > 0)
        {
            Problems.Add("argv without its exec", string.Create(CultureInfo.InvariantCulture, $"{_pendingArgvByThread.Count} thread(s)"));
        }

        foreach (var thread in _dnsStartByThread.Keys.ToList())
        {
            FlushDnsQuery(thread);
        }
    }

    private void AcceptTuple(IReadOnlyList<TraceValue> fields)
    {
        if (fields.Count >= 3 && !fields[0].IsText && fields[0].Number < 0)
        {
            AcceptContinuation(fields);
            return;
        }

        if (fields.Count < 4 || fields[0].IsText || fields[1].IsText || fields[2].IsText || fields[3].IsText || !IsKnown(fields[3].Number))
        {
            Problems.Add("unknown record", Describe(fields));
            return;
        }

        var record = new TraceRecord(
            fields[0].Number, unchecked((int)fields[1].Number), unchecked((int)fields[2].Number), (RecordKind)fields[3].Number,
            Rest(fields, 4), _sequence++);
        // Only the thread's latest record can still receive continuations: keeping just that bounds memory.
        _lastRecordByThread[record.Tid] = record;
        if (record.Kind == RecordKind.Exec)
        {
            var total = record.Number(1);
            record.ArgvBytes = _pendingArgvByThread.Remove(record.Tid, out var early) && early.Total == total
                ? early
                : new ArgvArea(total, ArgvCaptureLimit);
        }

        foreach (var ready in _reorder.Add(record))
        {
            Process(ready);
        }
    }

    private static bool IsKnown(long kind) => kind is >= 1 and <= 61 && Enum.IsDefined((RecordKind)kind);

    private static TraceValue[] Rest(IReadOnlyList<TraceValue> fields, int from)
    {
        var rest = new TraceValue[fields.Count - from];
        for (var i = 0; i < rest.Length; i++)
        {
            rest[i] = fields[from + i];
        }

        return rest;
    }

    /// <summary>
    /// Continuation records have no timestamp: they belong to the record the same thread printed just before, from
    /// the same probe. An exec's argv comes from a probe of its own, before or after the exec, so it may wait for it.
    /// </summary>
    private void AcceptContinuation(IReadOnlyList<TraceValue> fields)
    {
        var pid = unchecked((int)fields[1].Number);
        var tid = unchecked((int)fields[2].Number);
        var kind = (RecordKind)(-fields[0].Number);
        _lastRecordByThread.TryGetValue(tid, out var owner);
        if (owner is not null && owner.Pid != pid)
        {
            owner = null;
        }

        if (owner is { Processed: true })
        {
            Problems.Add("continuation after its record was handed on", Describe(fields));
            return;
        }

        switch (kind)
        {
            case RecordKind.ArgvBytes when fields.Count == 5 + ArgvBytesPerRecord / sizeof(long) && fields.Skip(3).All(f => !f.IsText):
                AcceptArgvBytes(tid, owner, fields);
                break;
            case RecordKind.Argv when owner is { Kind: RecordKind.ExecFail } && fields.Count == 7 && fields[6].IsText && fields[3].Number == owner.Argv.Count:
                owner.Argv.Add(fields[6].Bytes!);
                break;
            case RecordKind.ArgvMore when fields.Count == 3 && owner is { Kind: RecordKind.Exec or RecordKind.ExecFail }:
                owner.ArgvMore = true;
                break;
            case RecordKind.ArgvMore when fields.Count == 3 && _pendingArgvByThread.ContainsKey(tid):
                // The exec's own record comes next and takes the area; the area knows it was cut from its size.
                break;
            case RecordKind.PathMore when owner is not null && fields.Count == 7 && fields[6].IsText && fields[3].Number == ContinuedLength(owner, 2):
                owner.TextMore.Add(fields[6].Bytes!);
                break;
            case RecordKind.String2More when owner is { Kind: RecordKind.String2 } && fields.Count == 5 && fields[4].IsText && fields[3].Number == ContinuedLength(owner, 0):
                owner.TextMore.Add(fields[4].Bytes!);
                break;
            default:
                Problems.Add($"continuation record ({kind}) without its record", Describe(fields));
                break;
        }
    }

    private static long ContinuedLength(TraceRecord owner, int field) => owner.Text(field).Length + owner.TextMore.Sum(part => (long)part.Length);

    /// <summary>Layout <c>(-25, pid, tid, offset, total, w0, …, w23)</c>.</summary>
    private void AcceptArgvBytes(int tid, TraceRecord? owner, IReadOnlyList<TraceValue> fields)
    {
        var offset = fields[3].Number;
        var total = fields[4].Number;
        var part = new byte[ArgvBytesPerRecord];
        for (var word = 0; word < ArgvBytesPerRecord / sizeof(long); word++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(part.AsSpan(word * sizeof(long)), fields[5 + word].Number);
        }

        if (owner is { Kind: RecordKind.Exec, ArgvBytes: { Complete: false } area } && area.Add(offset, total, part))
        {
            return;
        }

        if (offset == 0)
        {
            _pendingArgvByThread[tid] = new ArgvArea(total, ArgvCaptureLimit);
        }

        if (!_pendingArgvByThread.TryGetValue(tid, out var pending) || !pending.Add(offset, total, part))
        {
            Problems.Add("argv bytes out of order", Describe(fields));
        }
    }

    private void Process(TraceRecord record)
    {
        record.Processed = true;
        try
        {
            Dispatch(record);
        }
        catch (Exception error) when (error is FormatException or ArgumentOutOfRangeException)
        {
            Problems.Add($"malformed {record.Kind} record", $"{error.Message}: {Describe(record)}");
        }
    }

    private void Dispatch(TraceRecord record)
    {
        var process = ProcessOf(record.Pid);
        switch (record.Kind)
        {
            case RecordKind.Fork:
                OnFork(record, process);
                return;
            case RecordKind.ForkReturn:
                OnForkReturn(record);
                return;
            case RecordKind.Exec:
                OnExec(record, process);
                return;
            case RecordKind.Exit:
                OnExit(record, process);
                return;
            case RecordKind.String2:
                _secondStringByThread[record.Tid] = PathOf(record.FullText(0));
                return;
            case RecordKind.PrivilegedString:
                _secondStringByThread[record.Tid] = PathOf(record.FullText(2));
                return;
            case RecordKind.Chdir or RecordKind.Fchdir:
                OnChangeDirectory(record, process);
                return;
            case RecordKind.DnsQuery:
                OnDnsQuery(record);
                return;
            case RecordKind.DnsQueryMore:
                OnDnsQueryMore(record);
                return;
        }

        if (!process.Tracked)
        {
            // Runtime setup before the container's first exec: consume the pairing state, report nothing.
            if (record.Kind is RecordKind.Rename or RecordKind.Link or RecordKind.Symlink or RecordKind.Unix ||
                (record.Kind is RecordKind.Privileged && CarriesString(record)))
            {
                _secondStringByThread.Remove(record.Tid);
            }

            return;
        }

        switch (record.Kind)
        {
            case RecordKind.ExecFail:
                OnExecFailed(record, process);
                break;
            case RecordKind.Open:
                OnOpen(record, process);
                break;
            case RecordKind.Repeat:
                OnRepeat(record, process);
                break;
            case RecordKind.Unlink:
                EmitFile(record, process, (record.Low(0) & RemoveDirectoryFlag) != 0 ? FileOperation.Rmdir : FileOperation.Unlink, 0);
                break;
            case RecordKind.Mkdir:
                EmitFile(record, process, FileOperation.Mkdir, record.Low(0));
                break;
            case RecordKind.Chmod:
                EmitFile(record, process, FileOperation.Chmod, record.Low(0));
                break;
            case RecordKind.Fchmod when process.Files.TryGetValue(record.High(0), out var socket) && socket.IsUnboundSocket:
                break;
            case RecordKind.Fchmod:
                var file = process.Directory(record.High(0));
                Emit(new FileEvent(TimeOf(record), record.Pid, process.Name, FileOperation.Chmod, file.Text, record.Int(1), record.Low(0), null, file.Truncated));
                break;
            case RecordKind.Rename or RecordKind.Link:
                OnTwoPaths(record, process);
                break;
            case RecordKind.Symlink:
                OnSymlink(record, process);
                break;
            case RecordKind.Socket:
                process.SetFile(record.Int(0), new OpenFile(TracedPath.UnknownFd(record.Int(0)), CloseOnExec: false, IsUnboundSocket: true));
                break;
            case RecordKind.Close:
                process.Forget(record.Int(0));
                break;
            case RecordKind.CloseRange:
                OnCloseRange(record, process);
                break;
            case RecordKind.Dup:
                OnDup(record, process);
                break;
            case RecordKind.SetFd:
                if (record.Int(1) >= 0 && process.Files.TryGetValue(record.High(0), out var open))
                {
                    process.Files[record.High(0)] = open with { CloseOnExec = record.Low(0) != 0 };
                }

                break;
            case RecordKind.Inet or RecordKind.Inet6 or RecordKind.Unix:
                OnSocketAddress(record, process);
                break;
            case RecordKind.Listen:
                OnListen(record, process);
                break;
            case RecordKind.Privileged:
                OnPrivileged(record, process);
                break;
            case RecordKind.PrivilegedUnread:
                Problems.Add("privileged call whose arguments could not be read", Describe(record));
                break;
            default:
                Problems.Add("record out of place", Describe(record));
                break;
        }
    }

    private ProcessState ProcessOf(int pid)
    {
        if (!_processes.TryGetValue(pid, out var process))
        {
            // First seen without a fork inside the cgroup: a process the runtime put there.
            process = new ProcessState(pid, 0, null);
            _processes[pid] = process;
        }

        return process;
    }

    private void OnFork(TraceRecord record, ProcessState parent)
    {
        var childPid = record.Int(0);
        var child = parent.Fork(childPid, TraceText.Decode(record.Text(1)));
        _processes[childPid] = child;
        _lastForkByThread[record.Tid] = childPid;
        if (parent.Tracked)
        {
            Emit(new ProcessForkEvent(TimeOf(record), record.Pid, parent.Name, childPid));
        }
    }

    /// <summary>The pid the thread's last fork returned: the child's pid in the parent's pid namespace.</summary>
    private void OnForkReturn(TraceRecord record)
    {
        if (_lastForkByThread.Remove(record.Tid, out var childPid) && _processes.TryGetValue(childPid, out var child))
        {
            child.NamespacePid = (record.Int(0), record.Int(1));
        }
    }

    /// <summary>
    /// A successful exec. A process not yet tracked becomes tracked when it runs inside the container's pid
    /// namespace (level > 0): that is the entrypoint or a <c>docker exec</c> command, exec'd by runc's last stage.
    /// runc's own exec of <c>runc init</c> runs in the host namespace and stays untracked. The event's Process is
    /// the caller's executable, except for that first exec, whose caller is runc: there it is the program itself.
    /// Its ParentPid is 0 when the parent was never seen in the container's cgroup (a <c>docker exec</c>).
    /// </summary>
    private void OnExec(TraceRecord record, ProcessState process)
    {
        var level = record.Number(0);
        var wasTracked = process.Tracked;
        if (!wasTracked)
        {
            if (level <= 0)
            {
                return;
            }

            process.Tracked = true;
            process.WorkingDirectory ??= _options.InitialWorkingDirectory is { } initial ? new TracedPath(initial, false) : null;
            process.Files.Clear();
            process.BoundSockets.Clear();
        }

        ContainerExecs++;
        var path = ResolveExecutable(process, CutPathOf(record.FullText(2)));
        var (argv, argvTruncated) = ExecArgvOf(record);
        Emit(new ProcessExecEvent(
            TimeOf(record), record.Pid, wasTracked ? process.Name : path.Text, process.ParentPid, path.Text, argv, 0, path.Truncated, argvTruncated));
        process.Executable = path.Text;
        process.CloseOnExec();
    }

    /// <summary>The kernel names a file exec'd through a dirfd <c>/dev/fd/N[/name]</c>: resolve it through the fd table.</summary>
    private static TracedPath ResolveExecutable(ProcessState process, TracedPath file)
    {
        if (file.Text.StartsWith(DevFdPrefix, StringComparison.Ordinal))
        {
            var rest = file.Text[DevFdPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var number = slash < 0 ? rest : rest[..slash];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
            {
                return process.Resolve(fd, file with { Text = slash < 0 ? "" : rest[(slash + 1)..] });
            }
        }

        return process.Resolve(PathResolver.CurrentDirectory, file);
    }

    private void OnExecFailed(TraceRecord record, ProcessState process)
    {
        var path = process.Resolve(record.Int(0), PathOf(record.FullText(2)));
        var (argv, argvTruncated) = FailedExecArgvOf(record);
        Emit(new ProcessExecEvent(
            TimeOf(record), record.Pid, process.Name, process.ParentPid, path.Text, argv, record.Int(1), path.Truncated, argvTruncated));
    }

    /// <summary>A failed exec's argv, read from the caller: 20 arguments of str()'s length at most.</summary>
    private (IReadOnlyList<string> Argv, bool Truncated) FailedExecArgvOf(TraceRecord record) =>
        (record.Argv.Select(a => TraceText.Decode(a)).ToList(), record.ArgvMore || record.Argv.Any(IsFull));

    /// <summary>A successful exec's argv, whole unless longer than the capture limit or not all of it arrived.</summary>
    private (IReadOnlyList<string> Argv, bool Truncated) ExecArgvOf(TraceRecord record)
    {
        var area = record.ArgvBytes!;
        if (!area.Complete)
        {
            Problems.Add("exec without all of its argv", Describe(record));
        }

        return (area.Arguments().Select(a => TraceText.Decode(a)).ToList(), record.ArgvMore || area.Cut || !area.Complete);
    }

    private void OnExit(TraceRecord record, ProcessState process)
    {
        _processes.Remove(record.Pid);
        _secondStringByThread.Remove(record.Tid);
        _lastForkByThread.Remove(record.Tid);
        if (process.Tracked)
        {
            var status = record.Int(0);
            var signal = status & 0x7f;
            var code = signal != 0 ? 128 + signal : (status >> 8) & 0xff;
            Emit(new ProcessExitEvent(TimeOf(record), record.Pid, process.Name, code));
        }
    }

    /// <summary>
    /// chdir and fchdir are followed for runtime processes too: runc's last chdir before exec'ing the command is
    /// the command's working directory (the container's, or the one <c>docker exec</c> asked for).
    /// </summary>
    private void OnChangeDirectory(TraceRecord record, ProcessState process)
    {
        if (record.Kind == RecordKind.Chdir)
        {
            if (record.Int(1) == 0)
            {
                process.WorkingDirectory = process.Resolve(PathResolver.CurrentDirectory, PathOf(record.FullText(2)));
            }
        }
        else if (record.Int(1) == 0)
        {
            process.WorkingDirectory = process.Directory(record.Int(0));
        }

        if (process.WorkingDirectory is { IsResolved: false })
        {
            process.WorkingDirectory = process.Tracked ? process.WorkingDirectory : null;
        }
    }

    private void OnOpen(TraceRecord record, ProcessState process)
    {
        var open = new LastOpen(record.High(0), record.Low(0), record.Int(1), PathOf(record.FullText(2)), "");
        _lastOpenByThread[record.Tid] = EmitOpen(record, process, open);
    }

    /// <summary>
    /// The thread opened the same bytes, relative to the same dirfd, with the same flags and result, as its last
    /// open. They are resolved again: the working directory or the dirfd's folder may have changed since, and then
    /// it is a new file, reported as such. The same file again is counted on the event of its first open
    /// (<see cref="ProbeEvent.Repeats"/>), so findings count every open without the recording growing.
    /// </summary>
    private void OnRepeat(TraceRecord record, ProcessState process)
    {
        if (!_lastOpenByThread.TryGetValue(record.Tid, out var last) || last.Result != record.Int(0))
        {
            Problems.Add("repeated open without its first", Describe(record));
            return;
        }

        var path = process.Resolve(last.DirFd, last.Name);
        if (path.Text != last.Resolved)
        {
            _lastOpenByThread[record.Tid] = EmitOpen(record, process, last);
            return;
        }

        if (last.EventIndex >= 0)
        {
            _events[last.EventIndex] = _events[last.EventIndex] with { Repeats = _events[last.EventIndex].Times + 1 };
        }

        if (last.Result >= 0)
        {
            process.SetFile(last.Result, new OpenFile(path, (last.Flags & CloseOnExecFlag) != 0));
        }
    }

    /// <returns><paramref name="open"/> with the path it resolved to.</returns>
    private LastOpen EmitOpen(TraceRecord record, ProcessState process, LastOpen open)
    {
        var path = process.Resolve(open.DirFd, open.Name);
        var operation = (open.Flags & WriteIntentFlags) != 0 ? FileOperation.Write : FileOperation.Read;
        var kept = Emit(new FileEvent(TimeOf(record), record.Pid, process.Name, operation, path.Text, open.Result, open.Flags, null, path.Truncated));
        if (open.Result >= 0)
        {
            process.SetFile(open.Result, new OpenFile(path, (open.Flags & CloseOnExecFlag) != 0));
        }

        return open with { Resolved = path.Text, EventIndex = kept ? _events.Count - 1 : -1 };
    }

    /// <summary>Layout <c>(dirfd|arg, ret, path)</c>: unlink, rmdir, mkdir, chmod.</summary>
    private void EmitFile(TraceRecord record, ProcessState process, FileOperation operation, int flags)
    {
        var path = process.Resolve(record.High(0), PathOf(record.FullText(2)));
        Emit(new FileEvent(TimeOf(record), record.Pid, process.Name, operation, path.Text, record.Int(1), flags, null, path.Truncated));
    }

    private void OnTwoPaths(TraceRecord record, ProcessState process)
    {
        if (!_secondStringByThread.Remove(record.Tid, out var secondName))
        {
            Problems.Add($"{record.Kind} without its new name", Describe(record));
            return;
        }

        var from = process.Resolve(record.High(0), PathOf(record.FullText(2)));
        var to = process.Resolve(record.Low(0), secondName);
        var operation = record.Kind == RecordKind.Rename ? FileOperation.Rename : FileOperation.Link;
        Emit(new FileEvent(TimeOf(record), record.Pid, process.Name, operation, from.Text, record.Int(1), 0, to.Text, from.Truncated || to.Truncated));
    }

    /// <summary>The link is resolved; its target is content, reported as written.</summary>
    private void OnSymlink(TraceRecord record, ProcessState process)
    {
        if (!_secondStringByThread.Remove(record.Tid, out var linkName))
        {
            Problems.Add("Symlink without its link name", Describe(record));
            return;
        }

        var link = process.Resolve(record.Low(0), linkName);
        var target = PathOf(record.FullText(2));
        Emit(new FileEvent(TimeOf(record), record.Pid, process.Name, FileOperation.Symlink, link.Text, record.Int(1), 0, target.Text, link.Truncated || target.Truncated));
    }

    private static void OnCloseRange(TraceRecord record, ProcessState process)
    {
        var first = (uint)record.Int(0);
        var last = (uint)record.Int(1);
        var affected = process.Files.Keys.Concat(process.BoundSockets.Keys)
            .Where(fd => (uint)fd >= first && (uint)fd <= last)
            .Distinct()
            .ToList();
        foreach (var fd in affected)
        {
            if ((record.Int(2) & CloseRangeSetCloseOnExec) == 0)
            {
                process.Forget(fd);
            }
            else if (process.Files.TryGetValue(fd, out var file))
            {
                process.Files[fd] = file with { CloseOnExec = true };
            }
        }
    }

    private static void OnDup(TraceRecord record, ProcessState process)
    {
        var newFd = record.Int(1);
        if (newFd < 0)
        {
            return;
        }

        var oldFd = record.High(0);
        process.Files.TryGetValue(oldFd, out var file);
        process.BoundSockets.TryGetValue(oldFd, out var bound);
        process.Forget(newFd);
        if (file is not null)
        {
            process.SetFile(newFd, file with { CloseOnExec = record.Low(0) != 0 });
        }

        if (bound is not null)
        {
            process.BoundSockets[newFd] = bound;
        }
    }

    private void OnSocketAddress(TraceRecord record, ProcessState process)
    {
        var fd = record.High(0);
        var operation = record.Low(0) switch
        {
            0 => NetworkOperation.Connect,
            1 => NetworkOperation.Bind,
            _ => NetworkOperation.SendTo,
        };
        var result = record.Int(1);
        var address = record.Kind switch
        {
            RecordKind.Inet => new SocketAddress(
                AddressFamily.Inet, new IPAddress(BitConverter.GetBytes((uint)record.Number(4))).ToString(), PortOf(record.Number(3))),
            RecordKind.Inet6 => new SocketAddress(AddressFamily.Inet6, Inet6Of(record.Number(4), record.Number(5)), PortOf(record.Number(3))),
            _ => UnixAddressOf(record, process),
        };
        if (address is null)
        {
            return;
        }

        long? bytes = operation == NetworkOperation.SendTo ? record.Number(2) : null;
        Emit(new NetworkEvent(TimeOf(record), record.Pid, process.Name, operation, address.Family, address.Address, address.Port, result, bytes));
        if (operation == NetworkOperation.Bind && result == 0)
        {
            // A bound Unix socket is a file too: an fchmod of its fd (the .NET runtime does that to its diagnostics
            // socket) must name that file, not an unknown fd. SetFile forgets what the fd was, so it goes first.
            if (address.Family == AddressFamily.Unix && address.Address.StartsWith('/'))
            {
                process.SetFile(fd, new OpenFile(new TracedPath(address.Address, false), CloseOnExec: false));
            }

            process.BoundSockets[fd] = address;
        }
    }

    /// <summary>The path came in the thread's preceding STRING2 record; abstract names get a leading '@', as ss(8) shows them.</summary>
    private SocketAddress? UnixAddressOf(TraceRecord record, ProcessState process)
    {
        if (!_secondStringByThread.Remove(record.Tid, out var path))
        {
            Problems.Add("Unix socket record without its path", Describe(record));
            return null;
        }

        var abstractName = record.Number(3) != 0;
        var text = abstractName ? "@" + path.Text : process.Resolve(PathResolver.CurrentDirectory, path).Text;
        return new SocketAddress(AddressFamily.Unix, text, 0);
    }

    private static bool CarriesString(TraceRecord record) =>
        PrivilegedCallReader.CarriesString(record.Number(0)) && record.Number(3) != 0;

    /// <summary>A privileged call; its path or name, when it passed one, came in the thread's PRIVSTRING just before.</summary>
    private void OnPrivileged(TraceRecord record, ProcessState process)
    {
        TracedPath? text = null;
        if (CarriesString(record))
        {
            if (!_secondStringByThread.Remove(record.Tid, out var name))
            {
                Problems.Add("privileged call without its path", Describe(record));
                return;
            }

            text = name;
        }

        // What a process says of itself: the pid it has in its own namespace, to know it again as a target.
        process.NamespacePid = (record.High(5), record.Int(6));
        Emit(PrivilegedCallReader.Read(record, process, TimeOf(record), text, ProcessByNamespacePid));
    }

    private ProcessState? ProcessByNamespacePid(int pid, int level) =>
        _processes.Values.FirstOrDefault(p => p.Tracked && p.NamespacePid == (pid, level));

    private void OnListen(TraceRecord record, ProcessState process)
    {
        var fd = record.Int(0);
        var bound = process.BoundSockets.GetValueOrDefault(fd) ?? new SocketAddress(AddressFamily.Inet, "*", 0);
        Emit(new NetworkEvent(TimeOf(record), record.Pid, process.Name, NetworkOperation.Listen, bound.Family, bound.Address, bound.Port, record.Int(1)));
    }

    /// <summary>The first part of a datagram sent towards port 53; a longer one waits for its second part.</summary>
    private void OnDnsQuery(TraceRecord record)
    {
        FlushDnsQuery(record.Tid);
        var bytes = DatagramBytes(record, 0);
        if (record.Number(0) > DnsBytesPerRecord)
        {
            _dnsStartByThread[record.Tid] = (record, bytes);
        }
        else
        {
            EmitDnsQuestions(record, bytes);
        }
    }

    private void OnDnsQueryMore(TraceRecord record)
    {
        if (!_dnsStartByThread.Remove(record.Tid, out var start))
        {
            Problems.Add("DNS datagram continuation without its start", Describe(record));
            return;
        }

        EmitDnsQuestions(start.Start, [.. start.Bytes, .. DatagramBytes(record, DnsBytesPerRecord)]);
    }

    /// <summary>A start whose second part never came: what was read is all there is.</summary>
    private void FlushDnsQuery(int thread)
    {
        if (_dnsStartByThread.Remove(thread, out var start))
        {
            EmitDnsQuestions(start.Start, start.Bytes);
        }
    }

    /// <summary>Layout <c>(len, w0, …, w23)</c>: the bytes of the datagram from <paramref name="offset"/> that this record holds.</summary>
    private static byte[] DatagramBytes(TraceRecord record, int offset)
    {
        var bytes = new byte[DnsBytesPerRecord];
        for (var word = 0; word < DnsBytesPerRecord / sizeof(long); word++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(word * sizeof(long)), record.Number(1 + word));
        }

        return bytes[..(int)Math.Clamp(record.Number(0) - offset, 0, DnsBytesPerRecord)];
    }

    /// <summary>Under <c>network: none</c> nothing answers, so the answer is null; the sinkhole's own record has it.</summary>
    private void EmitDnsQuestions(TraceRecord start, byte[] datagram)
    {
        if (!_processes.TryGetValue(start.Pid, out var process) || !process.Tracked)
        {
            return;
        }

        foreach (var (name, type) in DnsQuestionReader.Read(datagram))
        {
            Emit(new DnsQueryEvent(TimeOf(start), start.Pid, process.Name, name, type, null));
        }
    }

    /// <summary>A port read from memory as a little-endian u16 while stored big-endian.</summary>
    private static int PortOf(long raw) => BinaryPrimitives.ReverseEndianness((ushort)raw);

    private static string Inet6Of(long low, long high)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, low);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), high);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>A string printed with its continuations: cut only when it reached PATH_MAX.</summary>
    private static TracedPath PathOf(byte[] bytes) => new(TraceText.Decode(bytes), bytes.Length >= PathCaptureLimit);

    /// <summary>A string printed by one str() alone (an exec's file name as the kernel has it).</summary>
    private TracedPath CutPathOf(byte[] bytes) => new(TraceText.Decode(bytes), IsFull(bytes));

    /// <summary>str() keeps at most StringLength - 1 bytes: a string that long may have been cut.</summary>
    private bool IsFull(byte[] bytes) => bytes.Length >= _options.StringLength - 1;

    private DateTimeOffset TimeOf(TraceRecord record) => _clock.ToWallTime(record.Timestamp);

    /// <returns>False when the event was over the limit and dropped.</returns>
    private bool Emit(ProbeEvent probeEvent)
    {
        if (_events.Count < _options.MaxEvents)
        {
            _events.Add(probeEvent);
            return true;
        }

        DroppedEvents++;
        return false;
    }

    private static string Describe(IReadOnlyList<TraceValue> fields) =>
        "(" + string.Join(", ", fields.Select(f => f.ToString())) + ")";

    private static string Describe(TraceRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"({record.Timestamp}, {record.Pid}, {record.Tid}, {(int)record.Kind}") +
        string.Concat(record.Fields.Select(f => ", " + f)) + ")";
}
