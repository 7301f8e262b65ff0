#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "docker/file_archive.h"

namespace ds01::core {

/// The largest /etc/passwd or /etc/group ds01d reads out of an image.
inline constexpr std::size_t kMaxAccountFileBytes = 1u << 20;

/// Who works inside a container: the owner, by the names the host gives them.
struct ContainerAccount {
  std::string user;
  uid_t uid = 0;
  gid_t gid = 0;

  /// Their home inside the container: /home/<user>.
  std::string home() const { return "/home/" + user; }
};

/// `passwd` (an image's /etc/passwd; empty when it has none) with the account's line in place
/// of every line that names the same user or uid, so that `whoami` and the prompt show them.
std::string PasswdWith(std::string_view passwd, const ContainerAccount& account);

/// `group` (an image's /etc/group) with a group of the account's gid, named after the user,
/// when the image has none of that gid (one of that name but another gid gives way).
std::string GroupWith(std::string_view group, const ContainerAccount& account);

/// What ds01d writes into a new container, never into its image: the edited passwd and group,
/// the account's home (theirs, writable), and `container-exit`, which leaves the shell it is
/// run from (exit and Ctrl-D do the same).
std::vector<docker::ArchiveEntry> AccountFiles(const ContainerAccount& account,
                                               std::string_view passwd, std::string_view group);

}  // namespace ds01::core
