#include "http/fd_passing.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ds01::http {
namespace {

TEST(FdPassing, TheReceiverGetsTheSameOpenFile) {
  int channel[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel), 0);
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  ASSERT_TRUE(SendDescriptor(channel[0], pipe_ends[1]));
  close(pipe_ends[1]);  // the sender's copy goes; the one passed keeps the pipe open
  auto received = ReceiveDescriptor(channel[1]);
  ASSERT_TRUE(received.ok()) << received.error().ToString();
  ASSERT_EQ(write(received->get(), "hi", 2), 2);
  char buffer[2];
  ASSERT_EQ(read(pipe_ends[0], buffer, 2), 2);
  EXPECT_EQ(std::string(buffer, 2), "hi");
  close(pipe_ends[0]);
  close(channel[0]);
  close(channel[1]);
}

TEST(FdPassing, AMessageWithoutADescriptorIsRefused) {
  int channel[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel), 0);
  ASSERT_EQ(write(channel[0], "x", 1), 1);
  auto received = ReceiveDescriptor(channel[1]);
  ASSERT_FALSE(received.ok());
  EXPECT_NE(received.error().message.find("no descriptor"), std::string::npos);
  close(channel[0]);
  close(channel[1]);
}

}  // namespace
}  // namespace ds01::http
