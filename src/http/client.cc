#include "http/client.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "http/request_writer.h"

namespace ds01::http {
namespace {

using std::chrono::milliseconds;

// A refused upgrade's body is an error message; more than this is not one.
constexpr std::size_t kMaxRefusalBody = 1u << 20;
// How much of a refusal body goes into an Error message.
constexpr std::size_t kRefusalExcerpt = 1000;

Error Unexpected101(const Endpoint& endpoint) {
  return MakeError(ErrorCode::kProtocol,
                   "malformed HTTP response from " + endpoint.ToString() +
                       ": 101 Switching Protocols to a request that did not ask to upgrade");
}

bool Retryable(const Error& error) {
  return error.code != ErrorCode::kTimeout && error.code != ErrorCode::kCancelled &&
         error.code != ErrorCode::kInvalidArgument;
}

}  // namespace

Client::Client(Endpoint endpoint, Timeouts timeouts, ClientLimits limits)
    : timeouts_(timeouts),
      limits_(limits),
      pool_(std::make_shared<ConnectionPool>(std::move(endpoint), timeouts.connect,
                                             limits.max_idle_connections)) {}

Result<Client::Exchange> Client::SendOnce(std::unique_ptr<Connection> connection,
                                          const std::string& bytes, bool head_request,
                                          milliseconds io_timeout, bool* nothing_received) {
  *nothing_received = true;
  DS01_RETURN_IF_ERROR(connection->socket().WriteAll(bytes, io_timeout));
  ResponseParser parser(head_request);
  const std::string& peer = connection->socket().peer();
  while (true) {
    auto event = NextResponseEvent(*connection, parser);
    if (!event.ok()) return FromPeer(std::move(event).error(), peer);
    if (event->kind == ResponseParser::Kind::kHead) {
      return Exchange{std::move(connection), std::move(parser)};
    }
    auto n = connection->Fill(io_timeout);
    if (!n.ok()) return std::move(n).error();
    if (*n == 0) {
      // Before the head, Finish always reports the cut-off head.
      auto finish = parser.Finish();
      return FromPeer(finish.ok() ? MakeError(ErrorCode::kProtocol, "no response") : finish.error(),
                      peer);
    }
    *nothing_received = false;
  }
}

Result<Client::Exchange> Client::SendAndReadHead(const Request& request, milliseconds io_timeout,
                                                 bool may_retry) {
  auto bytes = SerializeRequest(request);
  if (!bytes.ok()) return std::move(bytes).error();
  const bool head_request = request.method == "HEAD";
  auto connection = pool_->Acquire();
  if (!connection.ok()) return std::move(connection).error();
  const bool reused = (*connection)->reused();
  bool nothing_received = false;
  auto exchange =
      SendOnce(std::move(connection).value(), *bytes, head_request, io_timeout, &nothing_received);
  if (exchange.ok() || !reused || !may_retry || !nothing_received || !Retryable(exchange.error())) {
    return exchange;
  }
  // The pooled connection died between the peek and the request: once more on a fresh one.
  auto fresh = pool_->Connect();
  if (!fresh.ok()) return std::move(fresh).error();
  return SendOnce(std::move(fresh).value(), *bytes, head_request, io_timeout, &nothing_received);
}

Result<std::string> Client::ReadBody(Exchange& exchange, milliseconds io_timeout,
                                     std::size_t max_bytes) {
  std::string body;
  const std::string& peer = exchange.connection->socket().peer();
  while (true) {
    auto event = NextResponseEvent(*exchange.connection, exchange.parser);
    if (!event.ok()) return FromPeer(std::move(event).error(), peer);
    switch (event->kind) {
      case ResponseParser::Kind::kBody:
        if (body.size() + event->data.size() > max_bytes) {
          return MakeError(ErrorCode::kProtocol,
                           "the response body from " + endpoint().ToString() + " is larger than " +
                               std::to_string(max_bytes) + " bytes",
                           "stream large responses instead of buffering them");
        }
        body.append(event->data);
        break;
      case ResponseParser::Kind::kEnd:
        return body;
      case ResponseParser::Kind::kHead:
      case ResponseParser::Kind::kNeedMore: {
        auto n = exchange.connection->Fill(io_timeout);
        if (!n.ok()) return std::move(n).error();
        if (*n == 0) {
          auto finish = exchange.parser.Finish();
          if (!finish.ok()) return FromPeer(std::move(finish).error(), peer);
          return body;
        }
        break;
      }
    }
  }
}

Result<Response> Client::Do(const Request& request) { return Do(request, timeouts_.io); }

Result<Response> Client::Do(const Request& request, milliseconds io_timeout) {
  auto exchange = SendAndReadHead(request, io_timeout, IsIdempotentMethod(request.method));
  if (!exchange.ok()) return std::move(exchange).error();
  if (exchange->parser.upgraded()) return Unexpected101(endpoint());
  auto body = ReadBody(*exchange, io_timeout, limits_.max_body_bytes);
  if (!body.ok()) return std::move(body).error();
  const ResponseHead& head = exchange->parser.head();
  Response response{head.status, head.reason, head.headers, std::move(body).value()};
  if (exchange->parser.keep_alive()) pool_->Release(std::move(exchange->connection));
  return response;
}

Result<std::unique_ptr<BodyStream>> Client::Stream(const Request& request,
                                                   milliseconds read_timeout) {
  auto canceller = Canceller::Create();
  if (!canceller.ok()) return std::move(canceller).error();
  auto exchange = SendAndReadHead(request, timeouts_.io, IsIdempotentMethod(request.method));
  if (!exchange.ok()) return std::move(exchange).error();
  if (exchange->parser.upgraded()) return Unexpected101(endpoint());
  return std::make_unique<BodyStream>(std::move(exchange->connection), std::move(exchange->parser),
                                      pool_, std::move(canceller).value(), read_timeout,
                                      limits_.max_line_bytes);
}

Result<UpgradeOutcome> Client::TryUpgrade(const Request& request) {
  Request upgrade = request;
  if (!FindHeader(upgrade.headers, "Connection"))
    upgrade.headers.emplace_back("Connection", "Upgrade");
  if (!FindHeader(upgrade.headers, "Upgrade")) upgrade.headers.emplace_back("Upgrade", "tcp");
  auto canceller = Canceller::Create();
  if (!canceller.ok()) return std::move(canceller).error();
  auto exchange = SendAndReadHead(upgrade, timeouts_.io, /*may_retry=*/false);
  if (!exchange.ok()) return std::move(exchange).error();
  UpgradeOutcome outcome;
  if (exchange->parser.upgraded()) {
    Connection& connection = *exchange->connection;
    outcome.stream = std::make_unique<RawStream>(std::move(connection.socket()),
                                                 std::string(connection.buffered()),
                                                 std::move(canceller).value(), timeouts_.io);
    return outcome;
  }
  auto body = ReadBody(*exchange, timeouts_.io, kMaxRefusalBody);
  if (!body.ok()) return std::move(body).error();
  const ResponseHead& head = exchange->parser.head();
  outcome.refusal = Response{head.status, head.reason, head.headers, std::move(body).value()};
  if (exchange->parser.keep_alive()) pool_->Release(std::move(exchange->connection));
  return outcome;
}

Result<std::unique_ptr<RawStream>> Client::Upgrade(const Request& request) {
  auto outcome = TryUpgrade(request);
  if (!outcome.ok()) return std::move(outcome).error();
  if (outcome->stream) return std::move(outcome->stream);
  const Response& refusal = outcome->refusal;
  std::string body = refusal.body.substr(0, kRefusalExcerpt);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  return MakeError(ErrorCodeForStatus(refusal.status),
                   "HTTP " + std::to_string(refusal.status) + " " + refusal.reason + ": " + body);
}

}  // namespace ds01::http
