#include "docker/output_stream.h"

#include <utility>

namespace ds01::docker {
namespace {

class BodyByteSource : public ByteSource {
 public:
  explicit BodyByteSource(std::unique_ptr<http::BodyStream> body) : body_(std::move(body)) {}
  Result<std::size_t> Read(char* buf, std::size_t len) override { return body_->Read(buf, len); }
  void Cancel() override { body_->Cancel(); }

 private:
  std::unique_ptr<http::BodyStream> body_;
};

class RawByteSource : public ByteSource {
 public:
  explicit RawByteSource(std::unique_ptr<http::RawStream> raw) : raw_(std::move(raw)) {}
  Result<std::size_t> Read(char* buf, std::size_t len) override { return raw_->Read(buf, len); }
  void Cancel() override { raw_->Cancel(); }
  http::RawStream* raw() { return raw_.get(); }

 private:
  std::unique_ptr<http::RawStream> raw_;
};

std::unique_ptr<ByteSource> RawSource(std::unique_ptr<http::RawStream> raw,
                                      http::RawStream** view) {
  auto source = std::make_unique<RawByteSource>(std::move(raw));
  *view = source->raw();
  return source;
}

}  // namespace

std::unique_ptr<ByteSource> BodySource(std::unique_ptr<http::BodyStream> body) {
  return std::make_unique<BodyByteSource>(std::move(body));
}

OutputStream::OutputStream(std::unique_ptr<ByteSource> source, bool tty)
    : source_(std::move(source)), tty_(tty), buffer_(new char[kBufferSize]) {}

Result<std::optional<OutputChunk>> OutputStream::Next() {
  while (!ended_) {
    if (!tty_ && !unread_.empty()) {
      Result<std::optional<StreamDemux::Piece>> piece = demux_.Next(unread_);
      if (!piece.ok()) return piece.error();
      if (*piece) return std::optional<OutputChunk>(OutputChunk{(*piece)->stream, (*piece)->data});
      continue;  // the demuxer used up the buffer on a header
    }
    Result<std::size_t> got = source_->Read(buffer_.get(), kBufferSize);
    if (!got.ok()) return got.error();
    if (*got == 0) {
      ended_ = true;
      if (!tty_) DS01_RETURN_IF_ERROR(demux_.Finish());
      break;
    }
    if (tty_) {
      return std::optional<OutputChunk>(
          OutputChunk{StreamType::kStdout, std::string_view(buffer_.get(), *got)});
    }
    unread_ = std::string_view(buffer_.get(), *got);
  }
  return std::optional<OutputChunk>();
}

Result<CollectedOutput> OutputStream::ReadAll(std::size_t max_bytes) {
  CollectedOutput collected;
  std::size_t total = 0;
  for (;;) {
    Result<std::optional<OutputChunk>> chunk = Next();
    if (!chunk.ok()) return chunk.error();
    if (!*chunk) return collected;
    total += (*chunk)->data.size();
    if (total > max_bytes) {
      return MakeError(ErrorCode::kProtocol,
                       "The output is larger than " + std::to_string(max_bytes) + " bytes",
                       "stream the output instead of collecting it");
    }
    std::string& target = (*chunk)->stream == StreamType::kStderr ? collected.err : collected.out;
    target.append((*chunk)->data);
  }
}

void OutputStream::Cancel() { source_->Cancel(); }

HijackedStream::HijackedStream(std::unique_ptr<http::RawStream> raw, bool tty)
    : raw_(nullptr), output_(RawSource(std::move(raw), &raw_), tty) {}

Status HijackedStream::Write(std::string_view data) { return raw_->Write(data); }

Status HijackedStream::CloseStdin() { return raw_->CloseWrite(); }

}  // namespace ds01::docker
