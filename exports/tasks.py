"""Celery tasks of the exports app: thin wrappers around services."""

from celery import shared_task

from .services import export_job_run


# Acknowledged on receipt: a worker that dies mid-export leaves the job "running", and a
# redelivery would find it so and mark it failed rather than write a second file.
@shared_task
def run_export(job_id: int) -> str:
    return export_job_run(job_id=job_id).status
