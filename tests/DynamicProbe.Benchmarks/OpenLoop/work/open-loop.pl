# make bench, part (c): 50 000 open() calls of one file, each closed, timed by the loop itself (CLOCK_MONOTONIC),
# so the figure is the loop's cost alone, monitored or not. Raw syscalls: core Perl, nothing else in the image needed.
use strict;
use warnings;

my ($SYS_close, $SYS_openat, $SYS_clock_gettime, $AT_FDCWD, $CLOCK_MONOTONIC) = (3, 257, 228, -100, 1);
my $count = $ARGV[0] // 50000;

sub now_ns {
    my $timespec = "\0" x 16;
    syscall($SYS_clock_gettime, $CLOCK_MONOTONIC, $timespec) == 0 or die "clock_gettime: $!";
    my ($seconds, $nanoseconds) = unpack("q q", $timespec);
    return $seconds * 1_000_000_000 + $nanoseconds;
}

my $path = "/etc/passwd"; # a variable: syscall() may write through its string arguments
my $start = now_ns();
for (1 .. $count) {
    my $fd = syscall($SYS_openat, $AT_FDCWD, $path, 0);
    die "open: $!" if $fd < 0;
    syscall($SYS_close, $fd);
}
my $elapsed = now_ns() - $start;
print "opens: $count loop_ns: $elapsed\n";
