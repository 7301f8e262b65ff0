#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "tests/e2e/support/process.h"

namespace ds01::e2e {

/// Where the test accounts live: /var/lib/ds01-e2e/home/<user>, each with a workspace/ inside.
inline constexpr std::string_view kTestHomeRoot = "/var/lib/ds01-e2e/home";

/// The workspace root pattern the test config gives ds01d (DESIGN.md §7 workspaces.root).
inline constexpr std::string_view kTestWorkspaceRoot = "/var/lib/ds01-e2e/home/{user}/workspace";

/// The Unix group whose members the test config makes admins.
inline constexpr std::string_view kTestAdminGroup = "ds01e2e-admins";

/// A real Unix account the tests act as.
struct TestUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // every group, primary included (getgrouplist)
  std::string home;
  std::string workspace;  // <home>/workspace, owned by the user

  /// The credentials a process of this user runs with.
  Credentials credentials() const { return {uid, gid, groups}; }
};

/// Creates the Unix group if it does not exist yet (groupadd).
Status EnsureGroup(std::string_view group);

/// Creates the account if missing (useradd, home under kTestHomeRoot, shell /bin/sh), adds it
/// to `extra_groups`, makes sure its home and workspace exist and belong to it, and returns it.
/// Running it again returns the same account.
Result<TestUser> EnsureUser(std::string_view name,
                            const std::vector<std::string>& extra_groups = {});

/// Looks up an existing account.
Result<TestUser> LookupUser(std::string_view name);

}  // namespace ds01::e2e
