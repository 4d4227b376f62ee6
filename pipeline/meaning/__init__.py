"""meaning"""
