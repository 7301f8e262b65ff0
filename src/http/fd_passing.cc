#include "http/fd_passing.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace ds01::http {
namespace {

// One byte of data and room for one descriptor: a message SCM_RIGHTS can ride on.
struct OneDescriptor {
  char byte = 'f';
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};

  OneDescriptor() {
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
  }
  OneDescriptor(const OneDescriptor&) = delete;
  OneDescriptor& operator=(const OneDescriptor&) = delete;
};

}  // namespace

bool SendDescriptor(int channel, int fd) noexcept {
  OneDescriptor carrier;
  cmsghdr* header = CMSG_FIRSTHDR(&carrier.message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  ssize_t sent = 0;
  do {
    sent = sendmsg(channel, &carrier.message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent == 1;
}

Result<UniqueFd> ReceiveDescriptor(int channel) {
  OneDescriptor carrier;
  ssize_t got = 0;
  do {
    got = recvmsg(channel, &carrier.message, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  const cmsghdr* header = CMSG_FIRSTHDR(&carrier.message);
  if (got != 1 || header == nullptr || header->cmsg_level != SOL_SOCKET ||
      header->cmsg_type != SCM_RIGHTS || header->cmsg_len != CMSG_LEN(sizeof(int))) {
    return MakeError(ErrorCode::kUnavailable,
                     got < 0 ? std::string("receiving a descriptor: ") + std::strerror(errno)
                             : std::string("no descriptor came with the message"));
  }
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(header), sizeof fd);
  return UniqueFd(fd);
}

}  // namespace ds01::http
