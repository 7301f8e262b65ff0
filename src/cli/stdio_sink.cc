#include "cli/stdio_sink.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api/wire_json.h"

namespace ds01::cli {

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t wrote = ::write(fd, data.data(), data.size());
    if (wrote > 0) {
      data.remove_prefix(static_cast<std::size_t>(wrote));
    } else if (wrote < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd writable{fd, POLLOUT, 0};
      ::poll(&writable, 1, -1);
    } else if (wrote < 0 && errno != EINTR) {
      return false;
    }
  }
  return true;
}

std::string StreamRecordJson(bool stderr_stream, std::string_view data) {
  const nlohmann::json record = {{"stream", stderr_stream ? "stderr" : "stdout"},
                                 {"data", std::string(data)}};
  return api::DumpWire(record) + "\n";
}

bool StdioSink::Write(int fd, std::string_view data) {
  if (WriteAll(fd, data)) return true;
  write_errno_ = errno;
  return false;
}

Status StdioSink::Take(std::string_view bytes) {
  bool written = true;
  if (tty_) {
    written = Write(out_, bytes);
  } else {
    DS01_RETURN_IF_ERROR(demux_.Feed(bytes, [&](http::StreamType stream, std::string_view data) {
      const bool to_err = stream == http::StreamType::kStderr;
      written = written && (records_ ? Write(out_, StreamRecordJson(to_err, data))
                                     : Write(to_err ? err_ : out_, data));
    }));
  }
  if (!written) {
    return MakeError(ErrorCode::kUnavailable,
                     std::string("writing the output: ") + std::strerror(write_errno_),
                     "only this command's output stopped; the container is not affected");
  }
  return Ok();
}

Status StdioSink::Finish() const { return tty_ ? Ok() : demux_.Finish(); }

}  // namespace ds01::cli
