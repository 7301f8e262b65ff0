#include "cli/stdio_sink.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::Frame;
using testing::Pipe;

TEST(StdioSink, WithATtyEveryByteGoesToOutAsItIs) {
  Pipe out, err;
  StdioSink sink(out.fds[1], err.fds[1], true);
  constexpr char kBytes[] = "\x02\x00\x00\x00 not a frame\r\n";
  const std::string raw(kBytes, sizeof kBytes - 1);
  ASSERT_TRUE(sink.Take(raw).ok());
  ASSERT_TRUE(sink.Finish().ok());
  EXPECT_EQ(out.Drain(), raw);
  EXPECT_EQ(err.Drain(), "");
}

TEST(StdioSink, WithoutOneFramesSplitAnywhereLandOnTheirStreams) {
  Pipe out, err;
  StdioSink sink(out.fds[1], err.fds[1], false);
  const std::string frames = Frame(1, "out one\n") + Frame(2, "err one\n") + Frame(1, "out two\n");
  for (char byte : frames) ASSERT_TRUE(sink.Take(std::string_view(&byte, 1)).ok());
  ASSERT_TRUE(sink.Finish().ok());
  EXPECT_EQ(out.Drain(), "out one\nout two\n");
  EXPECT_EQ(err.Drain(), "err one\n");
}

TEST(StdioSink, AFrameCutShortOrABadHeaderIsAProtocolError) {
  Pipe out;
  StdioSink cut(out.fds[1], out.fds[1], false);
  ASSERT_TRUE(cut.Take(Frame(1, "whole") + Frame(1, "cut").substr(0, 10)).ok());
  EXPECT_EQ(cut.Finish().error().code, ErrorCode::kProtocol);
  StdioSink bad(out.fds[1], out.fds[1], false);
  EXPECT_EQ(bad.Take("\x07\x01\x02\x03 junk!").error().code, ErrorCode::kProtocol);
}

TEST(StdioSink, AReaderThatLeftIsTold) {
  struct sigaction ignore {
  }, saved{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGPIPE, &ignore, &saved), 0);
  Pipe out;
  ::close(out.fds[0]);
  out.fds[0] = -1;
  StdioSink sink(out.fds[1], out.fds[1], true);
  EXPECT_FALSE(sink.reader_gone());
  Status taken = sink.Take("anyone there?\n");
  ::sigaction(SIGPIPE, &saved, nullptr);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(taken.error().message, "writing the output: Broken pipe");
  EXPECT_TRUE(sink.reader_gone());
}

}  // namespace
}  // namespace ds01::cli
