#include "http/body_stream.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace ds01::http {

using std::chrono::milliseconds;

Result<ResponseParser::Event> NextResponseEvent(Connection& connection, ResponseParser& parser) {
  std::string_view input = connection.buffered();
  const std::size_t before = input.size();
  auto event = parser.Next(input);
  connection.Consume(before - input.size());
  return event;
}

Error FromPeer(Error error, const std::string& peer) {
  if (error.code == ErrorCode::kProtocol) error.message += " (from " + peer + ")";
  return error;
}

BodyStream::BodyStream(std::unique_ptr<Connection> connection, ResponseParser parser,
                       std::shared_ptr<ConnectionPool> pool, Canceller canceller,
                       milliseconds read_timeout, std::size_t max_line_bytes)
    : connection_(std::move(connection)),
      parser_(std::move(parser)),
      pool_(std::move(pool)),
      canceller_(std::move(canceller)),
      read_timeout_(read_timeout),
      max_line_bytes_(max_line_bytes) {}

BodyStream::~BodyStream() {
  if (connection_ && ended_ && !error_ && !canceller_.cancelled() && parser_.keep_alive()) {
    pool_->Release(std::move(connection_));
  }
}

void BodyStream::Cancel() { canceller_.Cancel(); }

std::pair<Socket, std::string> BodyStream::Detach() {
  std::string read_past_head(connection_->buffered());
  connection_->Consume(read_past_head.size());
  Fail(MakeError(ErrorCode::kCancelled, "the connection was handed over"));
  return {std::move(connection_->socket()), std::move(read_past_head)};
}

Error BodyStream::Fail(Error error) {
  error_ = error;
  return error;
}

Result<std::string_view> BodyStream::NextPiece() {
  while (true) {
    if (canceller_.cancelled()) return Cancelled();
    if (error_) return *error_;
    if (!piece_.empty() || ended_) return piece_;
    auto event = NextResponseEvent(*connection_, parser_);
    if (!event.ok()) return Fail(FromPeer(std::move(event).error(), connection_->socket().peer()));
    if (event->kind == ResponseParser::Kind::kBody) {
      piece_ = event->data;
    } else if (event->kind == ResponseParser::Kind::kEnd) {
      ended_ = true;
    } else {
      auto n = connection_->Fill(read_timeout_, &canceller_);
      if (!n.ok()) {
        if (n.error().code == ErrorCode::kCancelled) return std::move(n).error();
        return Fail(std::move(n).error());
      }
      if (*n == 0) {
        auto finish = parser_.Finish();
        if (!finish.ok()) {
          return Fail(FromPeer(std::move(finish).error(), connection_->socket().peer()));
        }
        ended_ = true;
      }
    }
  }
}

Error BodyStream::Cancelled() const {
  return MakeError(ErrorCode::kCancelled,
                   "read from " + connection_->socket().peer() + ": cancelled");
}

Result<std::size_t> BodyStream::Read(char* buf, std::size_t len) {
  if (canceller_.cancelled()) return Cancelled();
  if (lines_start_ < lines_.size()) {
    std::size_t n = std::min(len, lines_.size() - lines_start_);
    std::memcpy(buf, lines_.data() + lines_start_, n);
    lines_start_ += n;
    lines_scanned_ = std::max(lines_scanned_, lines_start_);
    return n;
  }
  auto piece = NextPiece();
  if (!piece.ok()) return std::move(piece).error();
  std::size_t n = std::min(len, piece->size());
  std::memcpy(buf, piece->data(), n);
  piece_.remove_prefix(n);
  return n;
}

Result<std::optional<std::string>> BodyStream::ReadLine() {
  if (canceller_.cancelled()) return Cancelled();
  while (true) {
    std::size_t newline = lines_.find('\n', lines_scanned_);
    std::size_t pending = (newline == std::string::npos ? lines_.size() : newline) - lines_start_;
    if (pending > max_line_bytes_) {
      return Fail(MakeError(ErrorCode::kProtocol,
                            "a line in the response body from " + connection_->socket().peer() +
                                " is longer than " + std::to_string(max_line_bytes_) + " bytes"));
    }
    if (newline != std::string::npos) {
      std::string line = lines_.substr(lines_start_, pending);
      lines_start_ = lines_scanned_ = newline + 1;
      return std::optional<std::string>(std::move(line));
    }
    lines_scanned_ = lines_.size();
    auto piece = NextPiece();
    if (!piece.ok()) return std::move(piece).error();
    if (piece->empty()) {
      if (lines_start_ == lines_.size()) return std::optional<std::string>();
      std::string last = lines_.substr(lines_start_);
      lines_start_ = lines_scanned_ = lines_.size();
      return std::optional<std::string>(std::move(last));
    }
    lines_.erase(0, lines_start_);
    lines_scanned_ -= lines_start_;
    lines_start_ = 0;
    lines_.append(*piece);
    piece_ = {};
  }
}

Result<std::string> BodyStream::ReadAll(std::size_t max_bytes) {
  std::string all = lines_.substr(lines_start_);
  lines_start_ = lines_scanned_ = lines_.size();
  while (true) {
    auto piece = NextPiece();
    if (!piece.ok()) return std::move(piece).error();
    if (piece->empty()) return all;
    if (all.size() + piece->size() > max_bytes) {
      return Fail(MakeError(ErrorCode::kProtocol,
                            "the response body from " + connection_->socket().peer() +
                                " is larger than " + std::to_string(max_bytes) + " bytes",
                            "read it piece by piece instead"));
    }
    all.append(*piece);
    piece_ = {};
  }
}

}  // namespace ds01::http
