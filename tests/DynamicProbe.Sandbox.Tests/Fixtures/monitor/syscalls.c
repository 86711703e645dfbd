// Exercises the syscalls the monitor decodes, for recording fixtures.
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/syscall.h>
#include <stddef.h>
#include <linux/close_range.h>
int main(void) {
  mkdir("/tmp/d", 0755);
  int d = openat(AT_FDCWD, "/tmp/d", O_DIRECTORY | O_RDONLY);
  int f = openat(d, "a.txt", O_CREAT | O_WRONLY, 0644); write(f, "x", 1); close(f);
  mkdirat(d, "sub", 0700);
  syscall(SYS_renameat2, d, "a.txt", d, "sub/b.txt", 0);
  linkat(d, "sub/b.txt", d, "hard", 0);
  symlinkat("../etc/target", d, "sl");
  fchmodat(d, "sub/b.txt", 0600, 0);
  unlinkat(d, "sl", 0);
  unlinkat(d, "sub", AT_REMOVEDIR);
  dup2(d, 9);
  openat(9, "x", O_RDONLY);
  int c = fcntl(d, F_DUPFD_CLOEXEC, 20);
  openat(c, "../y", O_RDONLY);
  fchdir(d);
  int r = open("rel", O_CREAT | O_WRONLY | O_TRUNC, 0600); fchmod(r, 0644); close(r);
  openat(77, "nope", O_RDONLY);
  creat("/tmp/d/c", 0600);
  char longp[260]; memset(longp, 'L', sizeof longp); memcpy(longp, "/tmp/d/", 7); longp[259] = 0;
  open(longp, O_RDONLY);
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53) }; inet_pton(AF_INET, "192.0.2.53", &a.sin_addr);
  sendto(u, "hello", 5, 0, (struct sockaddr *)&a, sizeof a);
  struct sockaddr_in b = { .sin_family = AF_INET, .sin_port = htons(123) }; inet_pton(AF_INET, "198.51.100.7", &b.sin_addr);
  struct iovec iov[2] = { { "abc", 3 }, { "defgh", 5 } };
  struct msghdr m = { .msg_name = &b, .msg_namelen = sizeof b, .msg_iov = iov, .msg_iovlen = 2 };
  sendmsg(u, &m, 0);
  int t = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in l = { .sin_family = AF_INET, .sin_port = htons(8080) }; inet_pton(AF_INET, "127.0.0.1", &l.sin_addr);
  bind(t, (struct sockaddr *)&l, sizeof l); listen(t, 5);
  int t6 = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons(443) }; inet_pton(AF_INET6, "2001:db8::1", &s6.sin6_addr);
  connect(t6, (struct sockaddr *)&s6, sizeof s6);
  int us = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un su = { .sun_family = AF_UNIX }; strcpy(su.sun_path, "s.sock");
  bind(us, (struct sockaddr *)&su, sizeof su); listen(us, 1);
  int ua = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa = { .sun_family = AF_UNIX }; strcpy(sa.sun_path + 1, "abstract-name");
  connect(ua, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 1 + strlen("abstract-name"));
  close_range(30, ~0U, 0);
  pid_t p = fork();
  if (p == 0) { _exit(7); }
  waitpid(p, NULL, 0);
  p = fork();
  if (p == 0) { pause(); _exit(0); }
  kill(p, SIGKILL); waitpid(p, NULL, 0);
  p = fork();
  if (p == 0) {
    char *argv[] = { "true", "via-execveat", NULL }; char *envp[] = { NULL };
    syscall(SYS_execveat, AT_FDCWD, "/bin/true", argv, envp, 0);
    _exit(99);
  }
  waitpid(p, NULL, 0);
  p = fork();
  if (p == 0) {
    int bin = open("/bin/busybox", O_RDONLY | O_CLOEXEC);
    char *argv[] = { "true", "via-fexecve", NULL }; char *envp[] = { NULL };
    syscall(SYS_execveat, bin, "", argv, envp, AT_EMPTY_PATH);
    _exit(99);
  }
  waitpid(p, NULL, 0);
  char *argv[] = { "missing", NULL }; char *envp[] = { NULL };
  execve("./no-such-binary", argv, envp);
  return 5;
}
