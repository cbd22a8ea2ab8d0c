"""Enrichment assets: what users ask and how it went, per message (embeddings, signals, intents).

Each asset processes only messages it has not seen (see orchestration/enrich.py); a run with no new
events embeds nothing and changes nothing.
"""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from orchestration import enrich
from orchestration.resources import EnrichmentResource, WarehouseResource

RAW_EVENTS = AssetKey(["raw", "events"])
EMBEDDINGS = AssetKey(["enriched", "message_embeddings"])
SIGNALS = AssetKey(["enriched", "message_signals"])


@asset(
    key=EMBEDDINGS, deps=[RAW_EVENTS], group_name="enrichment", kinds={"python", "pytorch"},
    description="Sentence embeddings of user messages, one row per (model, normalised text): each distinct "
                "text is embedded once, ever. The input of intents and of the rephrase signal.",
)
def message_embeddings(context: AssetExecutionContext, warehouse: WarehouseResource,
                       enrichment: EnrichmentResource) -> MaterializeResult:
    from enrichment.embed import normalize_text, text_hash

    embedder = enrichment.embedder()
    with warehouse.connect() as wh:
        wh.ensure_tables()
        result = enrich.enrich_embeddings(wh, embedder, normalize_text, text_hash, log=context.log.info)
        total = wh.count("enriched.message_embeddings")
    return MaterializeResult(metadata={
        "model_id": result.model_id, "texts_seen": result.texts_seen, "texts_embedded": result.texts_embedded,
        "texts_per_second": round(result.texts_embedded / result.seconds, 1) if result.texts_embedded else 0.0,
        "seconds": round(result.seconds, 2), "dagster/row_count": total,
    })


@asset(
    key=SIGNALS, deps=[RAW_EVENTS, EMBEDDINGS], group_name="enrichment", kinds={"python"},
    description="Per message: PII types and the redacted text (the only message text BI may see); for user "
                "messages also language, frustration, asks-for-a-human, gratitude, sentiment and the "
                "similarity to the previous user message (input of the rephrase rule).",
)
def message_signals(context: AssetExecutionContext, warehouse: WarehouseResource,
                    enrichment: EnrichmentResource) -> MaterializeResult:
    from enrichment.embed import text_hash

    embedder = enrichment.embedder()
    with warehouse.connect() as wh:
        wh.ensure_tables()
        result = enrich.enrich_signals(wh, text_hash, embedder.model_id, embedder.dimension, log=context.log.info)
        total = wh.count("enriched.message_signals")
    return MaterializeResult(metadata={
        "messages_enriched": result.messages, "user_messages": result.user_messages,
        "messages_with_pii": result.with_pii, "similarity_updated": result.similarity_updated,
        "user_messages_by_language": MetadataValue.json(dict(sorted(result.by_language.items()))),
        "seconds": round(result.seconds, 2), "dagster/row_count": total,
    })


class IntentsConfig(Config):
    recluster: bool = False
    """Fit a new intent model on all messages and map its clusters to the current ids (a deliberate action)."""


@multi_asset(
    specs=[
        AssetSpec(["enriched", "intents"], deps=[EMBEDDINGS, SIGNALS], group_name="enrichment", kinds={"python"},
                  description="One row per intent of the model in force: label, c-TF-IDF keywords, size, a "
                              "representative (redacted) message; noise is the 'unclassified' intent."),
        AssetSpec(["enriched", "message_intents"], deps=[EMBEDDINGS, SIGNALS], group_name="enrichment",
                  kinds={"python"}, description="One row per user message: the intent it was assigned to."),
        AssetSpec(["enriched", "intent_id_map"], deps=[EMBEDDINGS, SIGNALS], group_name="enrichment",
                  kinds={"python"}, description="One row per intent per re-cluster: which old id it replaces."),
    ],
)
def intents(context: AssetExecutionContext, config: IntentsConfig, warehouse: WarehouseResource,
            enrichment: EnrichmentResource):
    embedder = enrichment.embedder()
    with warehouse.connect() as wh:
        wh.ensure_tables()
        result = enrich.enrich_intents(
            wh, embedder.model_id, embedder.dimension, recluster=config.recluster, seed=enrichment.intent_seed,
            min_messages=enrichment.intent_min_messages, log=context.log.info)
        counts = {t: wh.count(f"enriched.{t}") for t in ("intents", "message_intents", "intent_id_map")}
    common = {"model_version": result.model_version or "none yet", "seconds": round(result.seconds, 2)}
    if result.note:
        common["note"] = result.note
    yield MaterializeResult(asset_key=["enriched", "intents"], metadata={
        **common, "intents": result.n_intents, "fitted_this_run": result.fitted,
        "dagster/row_count": counts["intents"]})
    yield MaterializeResult(asset_key=["enriched", "message_intents"], metadata={
        **common, "assigned_this_run": result.assigned, "unclassified_this_run": result.unclassified,
        "dagster/row_count": counts["message_intents"]})
    yield MaterializeResult(asset_key=["enriched", "intent_id_map"], metadata={
        **common, "mapped_this_run": len(result.mapping), "dagster/row_count": counts["intent_id_map"]})
