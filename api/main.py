"""The FastAPI application: ``create_app(settings)``; the lifespan starts the query sandbox once
and reads what the answer pages need (:func:`policykg.api.routers.answers.warm`).

``/sparql`` is answered by :class:`~.front.Front`, an ASGI layer around the whole middleware stack
(the hot path skips FastAPI's middleware and routing); everything else by the routers. The app
follows rebuilds of an embedded store (see :mod:`policykg.api.following`): the query workers and
the graph API each reopen the store when ``policykg build`` swaps a new generation in.
"""

from __future__ import annotations

import asyncio
import gc
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from . import errors, openapi
from .front import ROW_LIMIT, TRUNCATED, Front
from .routers import answers, docs, explore, graph, pages, quality, store
from .sandbox import Sandbox
from .settings import Settings


class App(FastAPI):
    """FastAPI with :class:`~.front.Front` outermost in its middleware stack."""

    def __init__(self, *, cors: dict[str, Any], **kwargs) -> None:
        super().__init__(**kwargs)
        self.cors = cors  # the CORSMiddleware options, for Front's own use on /sparql

    def build_middleware_stack(self):
        return Front(super().build_middleware_stack(), self.cors)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application serving ``settings.store``."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        sandbox = Sandbox(
            settings.store,
            workers=settings.workers,
            timeout=settings.query_timeout,
            writable=settings.allow_update,
            client_queries=settings.client_queries,
            client_queue=settings.client_queue,
        )
        await sandbox.start()
        app.state.sandbox = sandbox
        await asyncio.to_thread(answers.warm, app.state.graph)
        gc.freeze()  # what startup made lives on: the collector need not scan it again and again
        try:
            yield
        finally:
            await sandbox.close()

    cors: dict[str, Any] = {
        "allow_origins": list(settings.cors_origins),
        "allow_methods": ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"],
        "allow_headers": ["Accept", "Authorization", "Content-Type"],
        "expose_headers": [TRUNCATED, ROW_LIMIT, "Location"],
    }
    app = App(
        cors=cors,
        title="policykg",
        lifespan=lifespan,
        description="SPARQL 1.1 endpoint and pages over the policy knowledge graph",
        docs_url=None,
    )
    app.state.settings = settings
    app.state.graph = graph.following_graph(settings.store)
    errors.install(app)
    app.add_middleware(CORSMiddleware, **cors)
    app.include_router(store.router)
    app.include_router(pages.router)
    app.include_router(graph.build_router())
    app.include_router(explore.router)
    app.include_router(answers.router)
    app.include_router(quality.router)
    app.include_router(docs.router)
    openapi.install(app)
    static = resources.files("policykg.api").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
