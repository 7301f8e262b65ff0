#include "http/raw_stream.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace ds01::http {

using std::chrono::milliseconds;

RawStream::RawStream(Socket socket, std::string early_bytes, Canceller canceller,
                     milliseconds write_timeout)
    : socket_(std::move(socket)),
      early_(std::move(early_bytes)),
      canceller_(std::move(canceller)),
      write_timeout_(write_timeout) {}

Result<std::size_t> RawStream::Read(char* buf, std::size_t len) {
  if (canceller_.cancelled()) {
    return MakeError(ErrorCode::kCancelled, "read from " + socket_.peer() + ": cancelled");
  }
  if (early_start_ < early_.size()) {
    std::size_t n = std::min(len, early_.size() - early_start_);
    std::memcpy(buf, early_.data() + early_start_, n);
    early_start_ += n;
    return n;
  }
  return socket_.Read(buf, len, milliseconds{0}, &canceller_);
}

Status RawStream::Write(std::string_view data) {
  return socket_.WriteAll(data, write_timeout_, &canceller_);
}

Status RawStream::CloseWrite() { return socket_.ShutdownWrite(); }

void RawStream::Cancel() { canceller_.Cancel(); }

std::string RawStream::TakeEarlyBytes() {
  std::string rest = early_.substr(early_start_);
  early_.clear();
  early_start_ = 0;
  return rest;
}

}  // namespace ds01::http
