#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/client.h"
#include "http/stream_demux.h"

namespace ds01::docker {

using http::StreamDemux;
using http::StreamType;

/// A piece of a container's or an exec's output; `data` is a view that stays valid until the
/// stream is read again.
struct OutputChunk {
  StreamType stream = StreamType::kStdout;
  std::string_view data;
};

/// All of an output stream, split by stream.
struct CollectedOutput {
  std::string out;
  std::string err;
};

/// Where output bytes come from: a response body or a hijacked socket.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Up to `len` bytes into `buf`; 0 at the end.
  virtual Result<std::size_t> Read(char* buf, std::size_t len) = 0;
  /// Thread-safe: a blocked Read returns kCancelled.
  virtual void Cancel() = 0;
};

/// A ByteSource over a streamed response body.
std::unique_ptr<ByteSource> BodySource(std::unique_ptr<http::BodyStream> body);

/// The output of a container (logs, attach) or an exec, pulled chunk by chunk: demultiplexed
/// when the container/exec has no TTY, all stdout when it has one. One copy: the socket's bytes
/// land in one buffer and chunks are views into it.
class OutputStream {
 public:
  static constexpr std::size_t kBufferSize = 256 * 1024;

  OutputStream(std::unique_ptr<ByteSource> source, bool tty);

  /// The next chunk; nullopt once the output ended (a truncated frame is a kProtocol error).
  Result<std::optional<OutputChunk>> Next();
  /// Reads to the end; more than `max_bytes` in all is a kProtocol error.
  Result<CollectedOutput> ReadAll(std::size_t max_bytes = 256u << 20);
  /// Thread-safe: a blocked Next returns kCancelled promptly.
  void Cancel();

 private:
  std::unique_ptr<ByteSource> source_;
  bool tty_;
  std::unique_ptr<char[]> buffer_;
  std::string_view unread_;  // bytes in buffer_ the demuxer has not consumed
  StreamDemux demux_;
  bool ended_ = false;
};

/// A hijacked attach or exec: output to read as an OutputStream, stdin to write and close.
class HijackedStream {
 public:
  HijackedStream(std::unique_ptr<http::RawStream> raw, bool tty);

  /// The next output chunk; nullopt when the peer closed.
  Result<std::optional<OutputChunk>> Next() { return output_.Next(); }
  /// Reads the output to its end.
  Result<CollectedOutput> ReadAll(std::size_t max_bytes = 256u << 20) {
    return output_.ReadAll(max_bytes);
  }
  /// Sends bytes to the process's stdin.
  Status Write(std::string_view data);
  /// Half-closes: the process's stdin sees end of file; output keeps coming.
  Status CloseStdin();
  /// Thread-safe: a blocked Next returns kCancelled.
  void Cancel() { output_.Cancel(); }
  /// The underlying socket, e.g. to hand to another process.
  http::RawStream& raw() { return *raw_; }

 private:
  http::RawStream* raw_;  // owned by output_'s source
  OutputStream output_;
};

}  // namespace ds01::docker
