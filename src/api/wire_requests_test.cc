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
         pids_limit, workdir, hostname, init, stop_signal, stop_timeout, command, shell, entrypoint,
         user, binds, tmpfs, read_only, restart, auto_remove, health, ports, network] = request;
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
  command = {"python", "train.py"};
  shell = true;
  entrypoint = "";
  user = "1000";
  binds = {Bind{"/home/a/workspace/data", "/data", true}};
  tmpfs = {Tmpfs{"/scratch", "1G", 01777}};
  read_only = true;
  restart = "on-failure:3";
  auto_remove = true;
  health = Health{"curl -f localhost", 10, 5, 30, 3, true};
  ports = {Port{8000, "udp", 20001, "0.0.0.0"}};
  network = "none";
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
            (Strings{"auto_remove",  "binds",      "command",  "cpus",        "entrypoint",
                     "env",          "gpus",       "health",   "hostname",    "image",
                     "init",         "labels",     "memory",   "mig_profile", "name",
                     "network_mode", "pids_limit", "ports",    "project",     "read_only",
                     "restart",      "shell",      "shm_size", "stop_signal", "stop_timeout",
                     "tmpfs",        "user",       "workdir",  "workspace"}));
  EXPECT_EQ(Keys(nlohmann::json(FullStop())), Strings{"time"});
  EXPECT_EQ(Keys(nlohmann::json(FullRemove())), Strings{"stop"});
}

TEST(WireRequests, OneCommandArgumentIsSentAsTheStringDs01dSplits) {
  CreateRequest request;
  request.name = "train";
  request.command = {"python train.py --epochs 3"};
  EXPECT_EQ(nlohmann::json(request)["command"], "python train.py --epochs 3");
  EXPECT_EQ(RoundTrip(request), request);
  request.command = {"python", "train.py"};
  EXPECT_EQ(nlohmann::json(request)["command"], (nlohmann::json{"python", "train.py"}));
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
