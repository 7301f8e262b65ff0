#include "api/wire_requests.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
CreateRequest FullCreate() {
  CreateRequest request;
  auto& [name, image, project, workspace, gpus, mig_profile, env, labels, memory, cpus, shm_size,
         pids_limit, workdir, hostname, init, stop_signal, stop_timeout] = request;
  name = "train";
  image = "busybox:latest";
  project = "thesis";
  workspace = "/srv/shared/data";
  gpus = 2;
  mig_profile = "3g.40gb";
  env = {{"SEED", "1"}};
  labels = {{"team", "vision"}};
  memory = "8G";
  cpus = 2.5;
  shm_size = "1G";
  pids_limit = 512;
  workdir = "/workspace/runs";
  hostname = "trainer";
  init = true;
  stop_signal = "SIGINT";
  stop_timeout = 30;
  return request;
}

StopRequest FullStop() {
  StopRequest request;
  auto& [time] = request;
  time = 30;
  return request;
}

RemoveRequest FullRemove() {
  RemoveRequest request;
  auto& [stop] = request;
  stop = true;
  return request;
}

TEST(WireRequests, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(FullCreate()), FullCreate());
  EXPECT_EQ(RoundTrip(FullStop()), FullStop());
  EXPECT_EQ(RoundTrip(FullRemove()), FullRemove());
  EXPECT_EQ(RoundTrip(CreateRequest{}), CreateRequest{});
}

TEST(WireRequests, KeysAreTheDocumentedOnes) {
  EXPECT_EQ(Keys(nlohmann::json(FullCreate())),
            (Strings{"cpus", "env", "gpus", "hostname", "image", "init", "labels", "memory",
                     "mig_profile", "name", "pids_limit", "project", "shm_size", "stop_signal",
                     "stop_timeout", "workdir", "workspace"}));
  EXPECT_EQ(Keys(nlohmann::json(FullStop())), Strings{"time"});
  EXPECT_EQ(Keys(nlohmann::json(FullRemove())), Strings{"stop"});
}

TEST(WireRequests, WhatIsUnsetIsLeftOut) {
  CreateRequest name_only;
  name_only.name = "train";
  EXPECT_EQ(nlohmann::json(name_only), (nlohmann::json{{"name", "train"}}));
  EXPECT_EQ(nlohmann::json(StopRequest{}), nlohmann::json::object());
  EXPECT_EQ(nlohmann::json(RemoveRequest{}), nlohmann::json::object());
}

}  // namespace
}  // namespace ds01::api
