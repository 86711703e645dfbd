using System.Runtime.Versioning;

// The sandbox assembly is Linux-only (cgroups, bpftrace, Docker's socket), and so are the tests that drive it.
[assembly: SupportedOSPlatform("linux")]
