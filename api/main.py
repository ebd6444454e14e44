"""The FastAPI application: ``create_app(settings)``; the lifespan starts the query sandbox once
and reads what the answer pages need (:func:`policykg.api.routers.answers.warm`).

The app follows rebuilds of an embedded store (see :mod:`policykg.api.following`): the query
workers and the graph API each reopen the store when ``policykg build`` swaps a new generation in.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from . import errors
from .routers import answers, explore, graph, pages, quality, sparql, store
from .sandbox import Sandbox
from .settings import Settings


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
        )
        await sandbox.start()
        app.state.sandbox = sandbox
        await asyncio.to_thread(answers.warm, app.state.graph)
        try:
            yield
        finally:
            await sandbox.close()

    app = FastAPI(
        title="policykg",
        lifespan=lifespan,
        description="SPARQL 1.1 endpoint and pages over the policy knowledge graph",
    )
    app.state.settings = settings
    app.state.graph = graph.following_graph(settings.store)
    errors.install(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["Accept", "Authorization", "Content-Type"],
        expose_headers=[sparql.TRUNCATED, sparql.ROW_LIMIT, "Location"],
    )
    app.include_router(sparql.router)
    app.include_router(store.router)
    app.include_router(pages.router)
    app.include_router(graph.build_router())
    app.include_router(explore.router)
    app.include_router(answers.router)
    app.include_router(quality.router)
    static = resources.files("policykg.api").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
