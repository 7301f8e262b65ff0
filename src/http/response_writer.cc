#include "http/response_writer.h"

#include <cstdio>
#include <utility>

namespace ds01::http {
namespace {

void AppendField(std::string& out, std::string_view field) {
  for (char c : field) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
}

bool IsFraming(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
         EqualsIgnoreCase(name, "Connection") || EqualsIgnoreCase(name, "Upgrade");
}

void AppendHead(std::string& out, int status, std::string_view reason, const Headers& headers) {
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  AppendField(out, reason.empty() ? StatusReason(status) : reason);
  out += "\r\n";
  for (const auto& [name, value] : headers) {
    if (IsFraming(name)) continue;
    AppendField(out, name);
    out += ": ";
    AppendField(out, value);
    out += "\r\n";
  }
}

}  // namespace

std::string_view StatusReason(int status) {
  static constexpr std::pair<int, std::string_view> kReasons[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {304, "Not Modified"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {413, "Content Too Large"},
      {422, "Unprocessable Content"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
      {505, "HTTP Version Not Supported"},
  };
  for (const auto& [code, reason] : kReasons) {
    if (code == status) return reason;
  }
  return "Unknown";
}

std::string SerializeResponse(const Response& response, bool keep_alive, bool head_request) {
  const int status = response.status;
  std::string out;
  out.reserve(128 + response.body.size());
  AppendHead(out, status, response.reason, response.headers);
  const bool has_body = status >= 200 && status != 204 && status != 304;
  if (has_body) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (has_body && !head_request) out += response.body;
  return out;
}

std::string SerializeStreamHead(int status, const Headers& headers) {
  std::string out;
  AppendHead(out, status, "", headers);
  out += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  return out;
}

std::string SerializeUpgradeHead(std::string_view protocol, const Headers& headers) {
  std::string out;
  AppendHead(out, 101, "", headers);
  out += "Connection: Upgrade\r\nUpgrade: ";
  AppendField(out, protocol);
  out += "\r\n\r\n";
  return out;
}

std::string ChunkOf(std::string_view data) {
  char size[20];
  const int n = std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  std::string out;
  out.reserve(static_cast<std::size_t>(n) + data.size() + 2);
  out.append(size, static_cast<std::size_t>(n));
  out += data;
  out += "\r\n";
  return out;
}

}  // namespace ds01::http
