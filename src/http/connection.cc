#include "http/connection.h"

#include <cstring>
#include <utility>

namespace ds01::http {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;

}  // namespace

Result<std::size_t> Connection::Fill(std::chrono::milliseconds timeout, const Canceller* cancel) {
  if (start_ == end_) {
    start_ = end_ = 0;
  } else if (start_ > 0 && buffer_.size() - end_ < kReadChunk) {
    std::memmove(buffer_.data(), buffer_.data() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  if (buffer_.size() - end_ < kReadChunk) buffer_.resize(end_ + kReadChunk);
  auto n = socket_.Read(buffer_.data() + end_, buffer_.size() - end_, timeout, cancel);
  if (n.ok()) end_ += *n;
  return n;
}

ConnectionPool::ConnectionPool(Endpoint endpoint, std::chrono::milliseconds connect_timeout,
                               std::size_t max_idle)
    : endpoint_(std::move(endpoint)), connect_timeout_(connect_timeout), max_idle_(max_idle) {}

Result<std::unique_ptr<Connection>> ConnectionPool::Acquire() {
  std::vector<std::unique_ptr<Connection>> stale;  // closed when this returns, outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->socket().IdleAndOpen()) return connection;
      stale.push_back(std::move(connection));
    }
  }
  return Connect();
}

Result<std::unique_ptr<Connection>> ConnectionPool::Connect() {
  auto socket = Socket::Connect(endpoint_, connect_timeout_);
  if (!socket.ok()) return std::move(socket).error();
  return std::make_unique<Connection>(std::move(socket).value());
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  if (!connection || !connection->buffered().empty()) return;
  connection->set_reused();
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

std::size_t ConnectionPool::idle_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

}  // namespace ds01::http
