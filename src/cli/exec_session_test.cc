#include "cli/exec_session.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::Frame;
using testing::Pipe;
using testing::ReadAll;

TEST(PumpExec, StdinReachesTheProcessThenItsEndAndTheOutputIsSplitByStream) {
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  HandedExec exec{UniqueFd(sockets[0]), {"abc", false, 0}, Frame(1, "early ")};
  // The process: reads stdin to its end, then answers and exits.
  std::string process_read;
  std::thread process([&] {
    process_read = ReadAll(sockets[1]);
    const std::string output = Frame(1, "out\n") + Frame(2, "err\n");
    EXPECT_EQ(::write(sockets[1], output.data(), output.size()),
              static_cast<ssize_t>(output.size()));
    ::close(sockets[1]);
  });
  Pipe in, out, err;
  ASSERT_EQ(::write(in.fds[1], "input\n", 6), 6);
  in.CloseWriter();
  const LocalStdio stdio{in.fds[0], out.fds[1], err.fds[1], false};
  Status pumped = PumpExec(exec, stdio, {});
  process.join();
  ASSERT_TRUE(pumped.ok()) << pumped.error().ToString();
  out.CloseWriter();
  err.CloseWriter();
  EXPECT_EQ(process_read, "input\n");
  EXPECT_EQ(ReadAll(out.fds[0]), "early out\n");
  EXPECT_EQ(ReadAll(err.fds[0]), "err\n");
}

TEST(PumpExec, AFrameCutShortIsAnError) {
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  const std::string cut = Frame(1, "complete") + Frame(1, "cut").substr(0, 10);
  ASSERT_EQ(::write(sockets[1], cut.data(), cut.size()), static_cast<ssize_t>(cut.size()));
  ::close(sockets[1]);
  HandedExec exec{UniqueFd(sockets[0]), {"abc", false, 0}, ""};
  Pipe out;
  EXPECT_FALSE(PumpExec(exec, LocalStdio{-1, out.fds[1], out.fds[1], false}, {}).ok());
}

TEST(PumpExec, AsJsonEachChunkIsARecordNamingItsStream) {
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  const std::string output = Frame(1, "out\n") + Frame(2, "err \"q\"\n") + Frame(1, "\xff");
  ASSERT_EQ(::write(sockets[1], output.data(), output.size()), static_cast<ssize_t>(output.size()));
  ::close(sockets[1]);
  HandedExec exec{UniqueFd(sockets[0]), {"abc", false, 0}, ""};
  Pipe out, err;
  LocalStdio stdio{-1, out.fds[1], err.fds[1], false};
  stdio.json = true;
  ASSERT_TRUE(PumpExec(exec, stdio, {}).ok());
  out.CloseWriter();
  err.CloseWriter();
  EXPECT_EQ(ReadAll(out.fds[0]),
            "{\"data\":\"out\\n\",\"stream\":\"stdout\"}\n"
            "{\"data\":\"err \\\"q\\\"\\n\",\"stream\":\"stderr\"}\n"
            "{\"data\":\"\xef\xbf\xbd\",\"stream\":\"stdout\"}\n");
  EXPECT_EQ(ReadAll(err.fds[0]), "") << "stderr's chunks are records on stdout";
}

TEST(PumpExec, WithATtyTheBytesPassAsTheyAre) {
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  const std::string raw = std::string("\x01\x00\x00\x00 not a frame\r\n", 17);
  ASSERT_EQ(::write(sockets[1], raw.data(), raw.size()), static_cast<ssize_t>(raw.size()));
  ::close(sockets[1]);
  HandedExec exec{UniqueFd(sockets[0]), {"abc", true, 0}, ""};
  Pipe out;
  ASSERT_TRUE(PumpExec(exec, LocalStdio{-1, out.fds[1], out.fds[1], true}, {}).ok());
  out.CloseWriter();
  EXPECT_EQ(ReadAll(out.fds[0]), raw);
}

TEST(StdioFor, AShellReadsATerminalsInputEvenWhenItsOutputIsPiped) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(terminal, 0);
  testing::TestSession t;
  t.session.stdin_fd = terminal;
  EXPECT_EQ(StdioFor(t.session, false, TerminalStdin::kPass).in, terminal);
  EXPECT_EQ(StdioFor(t.session, false, TerminalStdin::kKeep).in, -1) << "docker exec without -i";
  EXPECT_EQ(StdioFor(t.session, true, TerminalStdin::kKeep).in, terminal);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  t.session.stdin_fd = pipe_fds[0];
  EXPECT_EQ(StdioFor(t.session, false, TerminalStdin::kKeep).in, pipe_fds[0]);
  for (int fd : {master, terminal, pipe_fds[0], pipe_fds[1]}) ::close(fd);
}

}  // namespace
}  // namespace ds01::cli
