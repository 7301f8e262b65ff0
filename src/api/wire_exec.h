#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ds01::api {

/// POST /v1/containers/{name}/exec: a command (or the container's shell) to run in it.
/// Without "detach" the request asks to upgrade the connection (docs/api.md, "Shells and
/// commands"): ds01d hands over the exec's own connection and answers with an ExecStarted line.
struct ExecRequest {
  std::vector<std::string> cmd;  // empty when "shell" is set
  bool shell = false;            // bash if the image has it, else sh: container-attach
  std::map<std::string, std::string> env;
  std::string workdir;  // default: the container's (/workspace when it has one)
  std::string user;     // default: the container's user, the owner's uid:gid
  bool tty = false;
  bool stdin_open = false;  // stdin passed to the process (always with a TTY)
  bool detach = false;      // start it and answer at once; no stdio

  bool operator==(const ExecRequest&) const = default;
};

/// The line that follows a handed-over exec connection (and the answer of a detached one):
/// the exec's id, and how many bytes of its output ds01d read before handing it over; those
/// bytes come next on the same connection, then it closes.
struct ExecStarted {
  std::string exec_id;
  bool tty = false;
  std::size_t early_bytes = 0;

  bool operator==(const ExecStarted&) const = default;
};

/// GET /v1/containers/{name}/exec/{id}: whether it still runs, and its exit code once it ended.
struct ExecState {
  bool running = false;
  std::optional<int> exit_code;

  bool operator==(const ExecState&) const = default;
};

/// POST /v1/containers/{name}/exec/{id}/resize: the terminal's size in characters.
struct TerminalSize {
  int height = 0;
  int width = 0;

  bool operator==(const TerminalSize&) const = default;
};

void to_json(nlohmann::json& json, const ExecRequest& request);
void from_json(const nlohmann::json& json, ExecRequest& request);
void to_json(nlohmann::json& json, const ExecStarted& started);
void from_json(const nlohmann::json& json, ExecStarted& started);
void to_json(nlohmann::json& json, const ExecState& state);
void from_json(const nlohmann::json& json, ExecState& state);
void to_json(nlohmann::json& json, const TerminalSize& size);
void from_json(const nlohmann::json& json, TerminalSize& size);

}  // namespace ds01::api
