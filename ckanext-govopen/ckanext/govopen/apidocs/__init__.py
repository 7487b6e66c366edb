"""The developers' page (/api-docs) and the OpenAPI document of govopen's
own actions (/api-docs/openapi.json)."""
