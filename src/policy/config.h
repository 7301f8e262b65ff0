#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "gpu/slot.h"
#include "policy/limit_keys.h"
#include "policy/limits.h"

namespace ds01::policy {

/// A ds01 group (`groups:`): who is in it and which limits it grants them.
struct GroupPolicy {
  std::string name;
  std::string unix_group;            // members of this Unix group are in the group
  std::vector<std::string> members;  // and so are these user names
  bool admin = false;                // members act on every container
  LimitOverrides limits;
};

/// Where users may bind-mount from (`workspaces:`).
struct WorkspacePolicy {
  std::string root = "/home/{user}/workspace";  // absolute; "{user}" is the user's name
  std::vector<std::string> shared_readonly;     // absolute; mountable read-only by everyone
  std::vector<std::string> bind_targets;  // where binds may go besides /workspace, /data, /mnt

  /// The workspace root of `user`: root with every "{user}" replaced by the name.
  std::string RootFor(std::string_view user) const;
};

/// Which images users may create containers from (`images:`), besides their own project
/// images and the frameworks' base images.
struct ImagePolicy {
  std::vector<std::string> allowed;  // glob patterns ('*' stops at '/'), e.g. "nvcr.io/nvidia/*"
};

/// Which networks containers may join and where their ports are published (`network:`).
struct NetworkPolicy {
  std::vector<std::string> networks;  // named networks users may join besides bridge and none
  int ports_first = 20000;            // ports.first: where uid 1000's range starts
  int ports_per_user = 10;            // ports.per_user: each uid's range, one after another
  bool public_ports = false;          // a port may listen on every interface, not only 127.0.0.1
};

/// What a create request may ask for beyond the safe default (`security:`).
struct SecurityPolicy {
  bool allow_privileged = false;
  bool allow_capabilities = false;  // cap_add
  bool allow_devices = false;
  bool allow_host_network = false;
  bool allow_host_pid = false;
  bool allow_host_ipc = false;
  bool run_as_user = true;  // the container's process runs as the caller's uid:gid
};

/// The whole of /etc/ds01/ds01.yaml (DESIGN.md §7), validated.
struct Config {
  std::string source;               // the file it came from, for messages
  std::vector<gpu::GpuSpec> gpus;   // declared (simulated) inventory; empty: none declared
  Limits defaults;                  // built-in defaults overlaid with `defaults:`
  std::vector<GroupPolicy> groups;  // in file order
  std::map<std::string, LimitOverrides> users;
  WorkspacePolicy workspaces;
  std::map<std::string, std::string> frameworks;  // framework name -> base image
  ImagePolicy images;
  NetworkPolicy network;
  SecurityPolicy security;
};

/// Parses the YAML `text`; `source_name` (usually the path) prefixes every error, which names
/// the 1-based line and the key path: "ds01.yaml:12: defaults.memory: invalid size …".
/// Unknown keys, wrong types, negative numbers and durations without units are refused.
Result<Config> ParseConfig(std::string_view text, std::string_view source_name);

/// Reads and parses the file at `path`; see ParseConfig.
Result<Config> LoadConfig(const std::string& path);

}  // namespace ds01::policy
