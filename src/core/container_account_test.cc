#include "core/container_account.h"

#include <gtest/gtest.h>

namespace ds01::core {
namespace {

const ContainerAccount kAlice{"alice", 1000, 1000};

TEST(ContainerAccount, TheUserIsAddedToAPasswdWithoutThem) {
  EXPECT_EQ(PasswdWith("root:x:0:0:root:/root:/bin/bash\n", kAlice),
            "root:x:0:0:root:/root:/bin/bash\n"
            "alice:x:1000:1000:alice:/home/alice:/bin/sh\n");
}

TEST(ContainerAccount, AnImageUserWithTheSameUidOrNameGivesWay) {
  // Ubuntu's images name uid 1000 "ubuntu"; inside, alice must read as alice.
  EXPECT_EQ(PasswdWith("root:x:0:0:root:/root:/bin/bash\n"
                       "ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n"
                       "alice:x:1500:1500::/nonexistent:/bin/false\n"
                       "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin",
                       kAlice),
            "root:x:0:0:root:/root:/bin/bash\n"
            "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
            "alice:x:1000:1000:alice:/home/alice:/bin/sh\n");
}

TEST(ContainerAccount, AnImageWithoutPasswdGetsOneLine) {
  EXPECT_EQ(PasswdWith("", kAlice), "alice:x:1000:1000:alice:/home/alice:/bin/sh\n");
}

TEST(ContainerAccount, AGroupOfTheGidIsKept) {
  const ContainerAccount users{"bob", 1001, 100};
  EXPECT_EQ(GroupWith("root:x:0:\nusers:x:100:\n", users), "root:x:0:\nusers:x:100:\n");
}

TEST(ContainerAccount, AMissingGroupIsAddedAndANameClashGivesWay) {
  EXPECT_EQ(GroupWith("root:x:0:\nalice:x:4242:\n", kAlice), "root:x:0:\nalice:x:1000:\n");
}

TEST(ContainerAccount, TheFilesAreTheAccountsHomeAndContainerExit) {
  auto files = AccountFiles(kAlice, "root:x:0:0::/root:/bin/sh\n", "root:x:0:\n");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].path, "etc/passwd");
  EXPECT_EQ(files[1].path, "etc/group");
  EXPECT_EQ(files[2].path, "home/alice");
  EXPECT_TRUE(files[2].directory);
  EXPECT_EQ(files[2].uid, 1000u);
  EXPECT_EQ(files[3].path, "usr/local/bin/container-exit");
  EXPECT_EQ(files[3].mode, 0755u);
  EXPECT_NE(files[3].content.find("kill -HUP"), std::string::npos);
}

}  // namespace
}  // namespace ds01::core
