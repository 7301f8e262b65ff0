#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/socket.h"

namespace ds01::http {

/// The raw duplex socket after a 101 upgrade (Docker attach/exec hijack).
class RawStream {
 public:
  /// Made by Client::Upgrade from the upgraded socket and the bytes read past the 101 head.
  RawStream(Socket socket, std::string early_bytes, Canceller canceller,
            std::chrono::milliseconds write_timeout);

  /// Up to `len` (> 0) bytes; 0 = the peer closed. Returns the bytes that arrived with the 101
  /// first; then waits until data, end of stream or Cancel.
  Result<std::size_t> Read(char* buf, std::size_t len);

  /// Writes all of `data` (each wait for buffer space bounded by the client's io timeout).
  Status Write(std::string_view data);

  /// shutdown(SHUT_WR): the peer's stdin sees EOF; reading still works.
  Status CloseWrite();

  /// Thread-safe: unblocks Read (kCancelled).
  void Cancel();

  /// The socket (non-blocking), e.g. to pass to another process; this object still owns it.
  int fd() const { return socket_.fd(); }

  /// Hands over the bytes that arrived with the 101 and were not read yet (for a caller that
  /// reads fd() itself).
  std::string TakeEarlyBytes();

 private:
  Socket socket_;
  std::string early_;
  std::size_t early_start_ = 0;
  Canceller canceller_;
  std::chrono::milliseconds write_timeout_;
};

}  // namespace ds01::http
