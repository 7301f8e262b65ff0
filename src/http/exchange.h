#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/message.h"
#include "http/peer_connection.h"
#include "http/socket.h"
#include "http/uid_quota.h"

namespace ds01::http {

class Server;

/// A text/plain response of `text` and a newline: the server's own answers.
Response PlainResponse(int status, std::string_view text);

/// One parsed request and the credentials of the process that sent it.
struct ServerRequest {
  Request request;
  PeerCredentials peer;

  /// The target without its query: "/v1/containers".
  std::string_view path() const;
  /// The query without '?': "all=1&format=json"; empty when there is none.
  std::string_view query() const;
};

/// A streamed response in progress: chunks written as they are sent (NDJSON for ds01d), from
/// any thread, without ever blocking the sender. A client that stops reading is cut off once
/// it falls too far behind or for longer than the write timeout; a closed stream refuses more.
class Stream {
 public:
  Stream(std::shared_ptr<PeerConnection> peer, std::size_t max_pending)
      : peer_(std::move(peer)), max_pending_(max_pending) {}

  /// Sends `data` as one chunk; false once the stream has ended (the client left or was cut off).
  bool Send(std::string_view data) { return peer_->SendChunk(data, max_pending_); }
  /// Ends the response; the connection closes once the last chunk is out.
  void End() { peer_->EndStream(); }
  /// True until the stream ends, from either side.
  bool open() const { return peer_->phase() == PeerConnection::Phase::kStreaming; }
  /// Who receives it.
  const PeerCredentials& peer() const { return peer_->credentials(); }

 private:
  std::shared_ptr<PeerConnection> peer_;
  const std::size_t max_pending_;
};

/// A connection after "101 Switching Protocols": the handler's alone, with what the client sent
/// after its request. It keeps its place among the server's streams until destroyed.
struct UpgradedConnection {
  Socket socket;
  std::string early_bytes;
  QuotaTicket place;
};

/// What a handler gets for one request: the request, and three ways to answer it — a whole
/// response (Reply), a stream of chunks (StartStream) or the connection itself (Upgrade). A
/// connection that streams or upgrades leaves the request workers at once, so short requests
/// never wait behind it. A handler that answers none of these ways gets a 500 sent for it.
class Exchange {
 public:
  Exchange(Server& server, std::shared_ptr<PeerConnection> peer, ServerRequest request)
      : server_(server), peer_(std::move(peer)), request_(std::move(request)) {}
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  /// A deferred exchange (see Defer) destroyed unanswered answers 500.
  ~Exchange();

  const ServerRequest& request() const { return request_; }

  /// Sends `response` whole (the server owns its framing); the connection then serves the next
  /// request. Only the first answer counts.
  void Reply(const Response& response);
  /// Sends `status` and `headers`, then chunks as the returned Stream is given them.
  /// kUnavailable (nothing sent: reply with it) when the caller or the server already has as
  /// many streams open as it may.
  Result<std::shared_ptr<Stream>> StartStream(int status, const Headers& headers);
  /// Sends "101 Switching Protocols" to `protocol` and hands over the connection; counted
  /// among the streams.
  Result<UpgradedConnection> Upgrade(std::string_view protocol, const Headers& headers);

  /// Hands the answer to the returned exchange, which may give it from any thread after the
  /// handler has returned, while the worker serves other requests: for work that waits on
  /// something slow. This exchange then counts as answered. Whoever holds deferred exchanges
  /// ends them before the server is destroyed.
  std::unique_ptr<Exchange> Defer();

  /// True once any answer was given.
  bool answered() const { return answered_; }
  /// True when the client hung up: whatever the handler still does, nobody will read it.
  bool client_gone() const { return peer_->gone(); }

 private:
  Result<QuotaTicket> TakeStreamPlace();

  Server& server_;
  std::shared_ptr<PeerConnection> peer_;
  ServerRequest request_;
  bool answered_ = false;
  bool deferred_ = false;  // made by Defer: answers 500 if destroyed unanswered
};

}  // namespace ds01::http
