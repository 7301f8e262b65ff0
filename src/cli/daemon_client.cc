#include "cli/daemon_client.h"

#include <poll.h>

#include <utility>

#include "api/wire_error.h"
#include "http/fd_passing.h"
#include "http/percent_encode.h"
#include "http/raw_stream.h"

namespace ds01::cli {
namespace {

constexpr std::string_view kUnreachableHint = "start it (systemctl start ds01d) or set DS01_SOCKET";

// For answers that only a different program, or another version of ds01d, would give.
constexpr std::string_view kMismatchHint =
    "check that DS01_SOCKET points at ds01d and that ds01 and ds01d match";

// How much of an unexpected body goes into an error message.
constexpr std::size_t kBodyExcerpt = 200;

// The part of a transport error that says why, without the client's "connect unix://…: ".
std::string ReasonOf(const Error& error, const http::Endpoint& endpoint) {
  for (std::string_view verb : {"connect ", "read from ", "write to "}) {
    std::string prefix = std::string(verb) + endpoint.ToString() + ": ";
    if (error.message.starts_with(prefix)) return error.message.substr(prefix.size());
  }
  return error.message;
}

http::Request NewRequest(std::string_view method, const std::string& target,
                         std::string_view accept) {
  http::Request request{.method = std::string(method), .target = target, .headers = {}, .body = {}};
  request.headers.emplace_back("Accept", std::string(accept));
  return request;
}

// A failure to exchange anything with the daemon at `endpoint`.
Error TransportError(const Error& error, const http::Endpoint& endpoint) {
  if (error.code == ErrorCode::kUnavailable) {
    return UnreachableError(endpoint.path, ReasonOf(error, endpoint));
  }
  return MakeError(error.code,
                   "talking to ds01d at " + endpoint.path + ": " + ReasonOf(error, endpoint),
                   error.hint);
}

Error InvalidJson(std::string_view method, const std::string& target) {
  return MakeError(ErrorCode::kProtocol,
                   "ds01d answered " + std::string(method) + " " + target + " with invalid JSON",
                   std::string(kMismatchHint));
}

}  // namespace

DaemonClient::DaemonClient(std::string socket, std::chrono::milliseconds io_timeout)
    : socket_(std::move(socket)), io_timeout_(io_timeout) {
  auto endpoint = http::ParseEndpoint(socket_);
  if (!endpoint.ok()) {
    bad_address_ = "not a unix socket path (" + endpoint.error().message + ")";
  } else if (endpoint->kind != http::Endpoint::Kind::kUnix) {
    bad_address_ = "not a unix socket path";
  } else {
    http::Timeouts timeouts;
    timeouts.io = io_timeout_;
    http::ClientLimits limits;
    limits.max_idle_connections = 1;  // one command, one connection
    client_.emplace(std::move(endpoint).value(), timeouts, limits);
  }
}

Result<nlohmann::json> DaemonClient::Call(std::string_view method, const std::string& target,
                                          const nlohmann::json& body) {
  if (!client_) return UnreachableError(socket_, bad_address_);
  http::Request request = NewRequest(method, target, "application/json");
  if (!body.is_null()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body.dump();
  }
  auto response = client_->Do(request, io_timeout_);
  if (!response.ok()) return TransportError(response.error(), client_->endpoint());
  if (response->status < 200 || response->status > 299) {
    return ErrorFromAnswer(response->status, response->reason, response->body);
  }
  if (response->body.empty()) return nlohmann::json(nullptr);
  auto parsed = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return InvalidJson(method, target);
  return parsed;
}

Status DaemonClient::Stream(std::string_view method, const std::string& target,
                            const nlohmann::json& body, const OnLine& on_line) {
  if (!client_) return UnreachableError(socket_, bad_address_);
  const http::Endpoint& endpoint = client_->endpoint();
  http::Request request = NewRequest(method, target, "application/x-ndjson");
  if (!body.is_null()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body.dump();
  }
  auto stream = client_->Stream(request);
  if (!stream.ok()) return TransportError(stream.error(), endpoint);
  const http::ResponseHead& head = (*stream)->head();
  if (head.status < 200 || head.status > 299) {
    auto body = (*stream)->ReadAll();
    return ErrorFromAnswer(head.status, head.reason, body.ok() ? *body : std::string());
  }
  while (true) {
    auto line = (*stream)->ReadLine();
    if (!line.ok()) {
      return MakeError(ErrorCode::kUnavailable,
                       "ds01d at " + endpoint.path + " broke off its answer to " +
                           std::string(method) + " " + target + ": " +
                           ReasonOf(line.error(), endpoint),
                       "check that ds01d is running (systemctl status ds01d), then try again");
    }
    if (!*line) return Ok();
    if ((*line)->empty()) continue;  // NDJSON allows blank lines between values
    auto value = nlohmann::json::parse(**line, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return InvalidJson(method, target);
    DS01_RETURN_IF_ERROR(on_line(**line, value));
  }
}

namespace {

// Reads from `stream` until `text` holds a newline; the bytes after it stay in `text`.
Result<std::string> ReadLine(http::RawStream& stream, std::string& text) {
  constexpr std::size_t kMaxLine = 64u << 10;
  char buffer[4096];
  while (text.find('\n') == std::string::npos) {
    if (text.size() > kMaxLine) return MakeError(ErrorCode::kProtocol, "a line past 64 KiB");
    auto got = stream.Read(buffer, sizeof buffer);
    if (!got.ok()) return std::move(got).error();
    if (*got == 0) return MakeError(ErrorCode::kProtocol, "the connection closed mid-line");
    text.append(buffer, *got);
  }
  const std::size_t end = text.find('\n');
  std::string line = text.substr(0, end);
  text.erase(0, end + 1);
  return line;
}

// What ds01d sent instead of a descriptor: its refusal, to the end of the connection.
Error RefusalAfterUpgrade(http::RawStream& stream) {
  std::string text;
  char buffer[4096];
  while (text.size() < (64u << 10)) {
    auto got = stream.Read(buffer, sizeof buffer);
    if (!got.ok() || *got == 0) break;
    text.append(buffer, *got);
  }
  return ErrorFromAnswer(500, "", text);
}

}  // namespace

template <typename Line>
Result<HandedConnection<Line>> DaemonClient::TakeHandOver(http::Request request,
                                                          std::string_view protocol) {
  if (!client_) return UnreachableError(socket_, bad_address_);
  const http::Endpoint& endpoint = client_->endpoint();
  request.headers.emplace_back("Connection", "Upgrade");
  request.headers.emplace_back("Upgrade", std::string(protocol));
  auto outcome = client_->TryUpgrade(request);
  if (!outcome.ok()) return TransportError(outcome.error(), endpoint);
  if (!outcome->stream) {
    const http::Response& refusal = outcome->refusal;
    return ErrorFromAnswer(refusal.status, refusal.reason, refusal.body);
  }
  http::RawStream& stream = *outcome->stream;
  // ds01d sends the descriptor only once told that the 101 has been read, so no read of HTTP
  // can have taken the byte it rides on.
  DS01_RETURN_IF_ERROR(stream.Write("\n"));
  pollfd ready{stream.fd(), POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(io_timeout_.count())) != 1) {
    return MakeError(ErrorCode::kTimeout, "ds01d handed over no connection",
                     "try again; if it keeps happening, check ds01d's log");
  }
  auto socket = http::ReceiveDescriptor(stream.fd());
  if (!socket.ok()) return RefusalAfterUpgrade(stream);
  std::string rest = stream.TakeEarlyBytes();
  auto line = ReadLine(stream, rest);
  if (!line.ok()) return TransportError(line.error(), endpoint);
  auto started = ReadAnswer<Line>(nlohmann::json::parse(*line, nullptr, /*allow_exceptions=*/false),
                                  request.method, request.target);
  if (!started.ok()) return std::move(started).error();
  char buffer[4096];
  while (rest.size() < started->early_bytes) {
    auto got = stream.Read(buffer, sizeof buffer);
    if (!got.ok()) return TransportError(got.error(), endpoint);
    if (*got == 0) break;
    rest.append(buffer, *got);
  }
  return HandedConnection<Line>{std::move(socket).value(), std::move(started).value(),
                                std::move(rest)};
}

Result<HandedExec> DaemonClient::OpenExec(const std::string& target, const nlohmann::json& body) {
  http::Request request = NewRequest("POST", target, "application/json");
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = body.dump();
  return TakeHandOver<api::ExecStarted>(std::move(request), "ds01-exec");
}

Result<HandedStream> DaemonClient::OpenHandedStream(std::string_view method,
                                                    const std::string& target,
                                                    std::string_view protocol) {
  return TakeHandOver<api::StreamStarted>(NewRequest(method, target, "application/json"), protocol);
}

std::string DaemonSocket(const char* env_value) {
  if (env_value != nullptr && *env_value != '\0') return env_value;
  return std::string(kDefaultSocket);
}

Error UnreachableError(std::string_view socket, std::string_view reason) {
  return MakeError(ErrorCode::kUnavailable,
                   "ds01d not reachable at " + std::string(socket) + ": " + std::string(reason),
                   std::string(kUnreachableHint));
}

Error UnexpectedAnswer(std::string_view method, const std::string& target, const Error& why) {
  return MakeError(ErrorCode::kProtocol,
                   "ds01d answered " + std::string(method) + " " + target +
                       " with a malformed object: " + why.message,
                   std::string(kMismatchHint));
}

Error ErrorFromAnswer(int status, std::string_view reason, std::string_view body) {
  auto error = api::FromWire<api::ErrorBody>(
      nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false));
  if (error.ok()) {
    if (error->message.empty()) {
      error->message = "ds01d refused the request (HTTP " + std::to_string(status) + ")";
    }
    return MakeError(error->code, std::move(error->message), std::move(error->hint));
  }
  std::string excerpt(body.substr(0, kBodyExcerpt));
  std::string message = "ds01d answered HTTP " + std::to_string(status) + " " + std::string(reason);
  if (!excerpt.empty()) message += ": " + excerpt;
  return MakeError(http::ErrorCodeForStatus(status), std::move(message),
                   std::string(kMismatchHint));
}

std::string ContainerRoute(std::string_view name, std::string_view action, std::string_view owner) {
  std::string route = "/v1/containers/" + http::PercentEncode(name);
  if (!action.empty()) route += "/" + std::string(action);
  if (!owner.empty()) route += "?owner=" + http::PercentEncode(owner);
  return route;
}

}  // namespace ds01::cli
