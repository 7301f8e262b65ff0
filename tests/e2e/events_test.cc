// The change feed as users meet it (issue 9): `ds01 events` as real users against a real
// ds01d, each seeing their own containers' changes alone, an admin everyone's, live and
// replayed, with who made each change.
#include <chrono>
#include <future>
#include <thread>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class EventsTest : public E2eTest {
 protected:
  // The events in `json_lines` (ds01 events --format=json) as "actor action owner/container".
  static std::vector<std::string> Summaries(const std::string& json_lines) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < json_lines.size()) {
      const std::size_t end = json_lines.find('\n', start);
      const auto line =
          nlohmann::json::parse(json_lines.substr(start, end - start), nullptr, false);
      EXPECT_FALSE(line.is_discarded()) << json_lines.substr(start, end - start);
      if (!line.is_discarded()) {
        out.push_back(line.value("actor", "") + " " + line.value("action", "") + " " +
                      line.value("owner", "") + "/" + line.value("container", ""));
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return out;
  }

  std::string Image() const { return "--image=" + std::string(kBaseImage); }
};

TEST_F(EventsTest, EachUserReplaysTheirOwnChangesAndAnAdminEveryones) {
  const std::string mine = user(1).name + "/replayed";
  CliOk(user(1), {"container-create", "replayed", Image(), "--gpu=0"});
  CliOk(user(1), {"container-start", "replayed"});
  CliOk(admin(), {"ds01", "container", "stop", "replayed", "--owner=" + user(1).name});

  ProcessResult own = CliOk(user(1), {"ds01", "events", "--since=10m", "--format=json"});
  EXPECT_EQ(Summaries(own.out),
            (std::vector<std::string>{
                user(1).name + " allocate " + mine, user(1).name + " create " + mine,
                user(1).name + " start " + mine, admin().name + " stop " + mine}))
      << own.out;

  ProcessResult others = CliOk(user(2), {"ds01", "events", "--since=10m"});
  EXPECT_EQ(others.out.find("replayed"), std::string::npos) << others.out;
  EXPECT_NE(others.out.find("No events since"), std::string::npos) << others.out;

  ProcessResult everyone = CliOk(admin(), {"ds01", "events", "--since=10m"});
  EXPECT_NE(everyone.out.find(mine), std::string::npos) << everyone.out;
  EXPECT_NE(everyone.out.find("TIME"), std::string::npos) << "a table with its header";
}

TEST_F(EventsTest, AFollowerSeesItsOwnChangesAsTheyHappenAndNoOneElses) {
  auto follower = std::async(std::launch::async, [&] {
    return Cli(user(2), {"ds01", "events", "--follow", "--format=json"}, seconds(6));
  });
  std::this_thread::sleep_for(milliseconds(800));  // the follower is connected
  CliOk(user(1), {"container-create", "theirs", Image(), "--gpu=0"});
  CliOk(user(2), {"container-create", "followed", Image(), "--gpu=0"});
  CliOk(user(2), {"container-remove", "followed"});
  ProcessResult seen = follower.get();
  EXPECT_TRUE(seen.timed_out) << "a follow ends only when stopped: " << seen.Describe();
  EXPECT_EQ(Summaries(seen.out),
            (std::vector<std::string>{user(2).name + " allocate " + user(2).name + "/followed",
                                      user(2).name + " create " + user(2).name + "/followed",
                                      user(2).name + " remove " + user(2).name + "/followed"}))
      << seen.out;
}

TEST_F(EventsTest, ABadSinceIsAUsageErrorThatNamesTheForms) {
  ProcessResult bad = Cli(user(1), {"ds01", "events", "--since=yesterday"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
  EXPECT_NE(bad.err.find("RFC 3339 time, Unix seconds or a duration"), std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace ds01::e2e
