#pragma once

#include <cerrno>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/stream_demux.h"

namespace ds01::cli {

/// Writes all of `data` to `fd`, waiting whenever a non-blocking descriptor is full; false (with
/// errno) when a write fails.
bool WriteAll(int fd, std::string_view data);

/// One chunk of output as a JSON record, {"stream": "stdout"|"stderr", "data"}, and a newline;
/// bytes that are not UTF-8 are replaced.
std::string StreamRecordJson(bool stderr_stream, std::string_view data);

/// Where a container's or a process's output goes, as the engine sends it: with a TTY one raw
/// stream, written to `out` as it comes; without one the engine's frames, each payload written
/// to `out` or `err` by its stream, or with `records` to `out` as a StreamRecordJson. Bytes may
/// be split anywhere between calls.
class StdioSink {
 public:
  StdioSink(int out, int err, bool tty, bool records = false)
      : out_(out), err_(err), tty_(tty), records_(records) {}

  /// Writes what `bytes` carry, waiting whenever a non-blocking descriptor is full. A bad frame
  /// is kProtocol; a failed write kUnavailable.
  Status Take(std::string_view bytes);
  /// The output ended: Ok unless a frame was cut short.
  Status Finish() const;
  /// True once a write found its reader gone (EPIPE): `… | head` has read enough.
  bool reader_gone() const { return write_errno_ == EPIPE; }

 private:
  // WriteAll, remembering why it failed.
  bool Write(int fd, std::string_view data);

  int out_;
  int err_;
  bool tty_;
  bool records_;
  http::StreamDemux demux_;
  int write_errno_ = 0;  // why the last write failed
};

}  // namespace ds01::cli
