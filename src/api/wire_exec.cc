#include "api/wire_exec.h"

#include "api/wire_json.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const ExecRequest& request) {
  json = nlohmann::json::object();
  if (!request.cmd.empty()) json["cmd"] = request.cmd;
  if (request.shell) json["shell"] = true;
  if (!request.env.empty()) json["env"] = request.env;
  if (!request.workdir.empty()) json["workdir"] = request.workdir;
  if (!request.user.empty()) json["user"] = request.user;
  if (request.tty) json["tty"] = true;
  if (request.stdin_open) json["stdin"] = true;
  if (request.detach) json["detach"] = true;
}

void from_json(const nlohmann::json& json, ExecRequest& request) {
  request.cmd =
      OptionalAt<std::vector<std::string>>(json, "cmd").value_or(std::vector<std::string>{});
  request.shell = OptionalAt<bool>(json, "shell").value_or(false);
  request.env = OptionalAt<std::map<std::string, std::string>>(json, "env")
                    .value_or(std::map<std::string, std::string>{});
  request.workdir = OptionalAt<std::string>(json, "workdir").value_or("");
  request.user = OptionalAt<std::string>(json, "user").value_or("");
  request.tty = OptionalAt<bool>(json, "tty").value_or(false);
  request.stdin_open = OptionalAt<bool>(json, "stdin").value_or(false);
  request.detach = OptionalAt<bool>(json, "detach").value_or(false);
}

void to_json(nlohmann::json& json, const ExecStarted& started) {
  json = {{"exec_id", started.exec_id}, {"tty", started.tty}, {"early_bytes", started.early_bytes}};
}

void from_json(const nlohmann::json& json, ExecStarted& started) {
  json.at("exec_id").get_to(started.exec_id);
  json.at("tty").get_to(started.tty);
  json.at("early_bytes").get_to(started.early_bytes);
}

void to_json(nlohmann::json& json, const ExecState& state) {
  json = {{"running", state.running}};
  PutIfSet(json, "exit_code", state.exit_code);
}

void from_json(const nlohmann::json& json, ExecState& state) {
  json.at("running").get_to(state.running);
  state.exit_code = OptionalAt<int>(json, "exit_code");
}

void to_json(nlohmann::json& json, const TerminalSize& size) {
  json = {{"height", size.height}, {"width", size.width}};
}

void from_json(const nlohmann::json& json, TerminalSize& size) {
  json.at("height").get_to(size.height);
  json.at("width").get_to(size.width);
}

}  // namespace ds01::api
